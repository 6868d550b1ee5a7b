package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/agora-events/agora/models"
)

const messageColumns = `id, organisation_id, activity_id, subject, body, languages, format, audience, recipients,
	status, created_by, created_at`

func scanMessage(sc scanner) (*models.Message, error) {
	var (
		m                                  models.Message
		subject, body, languages, audience sql.NullString
		created                            int64
	)
	err := sc.Scan(&m.ID, &m.OrganisationID, &m.ActivityID, &subject, &body, &languages, &m.Format, &audience,
		&m.Recipients, &m.Status, &m.CreatedBy, &created)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		text sql.NullString
		v    any
	}{{subject, &m.Subject}, {body, &m.Body}, {languages, &m.Languages}, {audience, &m.Audience}} {
		if err := fromJSON(f.text, f.v); err != nil {
			return nil, err
		}
	}
	m.CreatedAt = fromMS(created)
	return &m, nil
}

func collectMessages(rows *sql.Rows, err error) ([]models.Message, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []models.Message{}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

// InsertMessage stores a new organiser message; an existing id is
// conflict. Texts and lists are JSON (nil stays nil: JSON null).
func (s *Store) InsertMessage(ctx context.Context, m *models.Message) error {
	_, err := s.writer(ctx).ExecContext(ctx, `INSERT INTO messages (`+messageColumns+`) VALUES (`+placeholders(12)+`)`,
		m.ID, m.OrganisationID, m.ActivityID, mustJSON(m.Subject), mustJSON(m.Body), mustJSON(m.Languages), m.Format,
		mustJSON(m.Audience), m.Recipients, m.Status, m.CreatedBy, ms(m.CreatedAt))
	if isUnique(err, "") {
		return models.Errorf(models.ErrConflict, "message %s exists", m.ID)
	}
	return err
}

// MessageByID returns one organiser message.
func (s *Store) MessageByID(ctx context.Context, id string) (*models.Message, error) {
	m, err := scanMessage(s.reader(ctx).QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = ?`, id))
	return m, notFound(err, "message")
}

// SetMessageQueued records that every recipient's email of a message is
// in the outbox, and how many recipients there are.
func (s *Store) SetMessageQueued(ctx context.Context, id string, recipients int) error {
	_, err := s.writer(ctx).ExecContext(ctx, `UPDATE messages SET status = ?, recipients = ? WHERE id = ?`,
		models.MessageQueued, recipients, id)
	return err
}

// messagesQueuingLimit bounds one MessagesQueuing answer (as on MongoDB):
// the caller resumes them and asks again at its next run.
const messagesQueuingLimit = 100

// MessagesQueuing returns up to 100 messages still being queued that were
// created before before, oldest first: their queuing was interrupted (the
// process died) and must be resumed. The partial index messages_queuing
// holds only such messages, so the query never reads queued ones.
func (s *Store) MessagesQueuing(ctx context.Context, before time.Time) ([]models.Message, error) {
	return collectMessages(s.reader(ctx).QueryContext(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE status = 'queuing' AND created_at < ? ORDER BY created_at LIMIT ?`, ms(before), messagesQueuingLimit))
}

// MessagesOfActivity returns up to limit organiser messages of an
// activity, newest first, walking messages_by_activity backwards.
func (s *Store) MessagesOfActivity(ctx context.Context, activityID string, limit int) ([]models.Message, error) {
	return collectMessages(s.reader(ctx).QueryContext(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE activity_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`, activityID, limitOrAll(limit)))
}
