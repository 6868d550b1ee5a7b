package registration

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

// Limits of organiser messages.
const (
	maxMessageSubject = 200
	maxMessageBody    = 50000
	// defaultMessageBatch is how many recipients are read and queued at a
	// time: tens of thousands of recipients never sit in memory or in one
	// write.
	defaultMessageBatch = 500
)

// MessageInput is an organiser's message as the API receives it.
// Languages lists the body's languages in the order the organiser gave
// them: the first is the last resort for a recipient.
type MessageInput struct {
	Subject   models.Text
	Body      models.Text
	Languages []string
	Audience  []string
	Format    string
}

// MessageStatus is a message and how far its delivery has come.
type MessageStatus struct {
	ID         string
	Recipients int
	Sent       int
	Failed     int
	Pending    int
}

// validate cleans a message's texts (models.CleanText: the body keeps its
// lines, a subject with a line break is refused), checks it and fills its
// defaults; every problem is reported, keyed by its JSON path.
func (in *MessageInput) validate() error {
	in.Subject, in.Body = cleanMessageText(in.Subject), cleanMessageText(in.Body)
	fields := map[string]models.FieldError{}
	if in.Format == "" {
		in.Format = models.FormatText
	}
	if in.Format != models.FormatText && in.Format != models.FormatMarkdown {
		fields["format"] = models.FieldError{Key: "oneof", Param: "text markdown"}
	}
	checkText := func(name string, t models.Text, limit int, oneLine bool) {
		if len(t) == 0 {
			fields[name] = models.FieldError{Key: "required"}
			return
		}
		for lang, v := range t {
			path := name + "." + lang
			switch {
			case !models.IsLanguageCode(lang):
				fields[path] = models.FieldError{Key: "invalid"}
			case strings.TrimSpace(v) == "":
				fields[path] = models.FieldError{Key: "required"}
			case utf8.RuneCountInString(v) > limit:
				fields[path] = models.FieldError{Key: "max", Param: strconv.Itoa(limit)}
			case oneLine && strings.ContainsAny(v, "\r\n"):
				fields[path] = models.FieldError{Key: "invalid"}
			}
		}
	}
	checkText("subject", in.Subject, maxMessageSubject, true)
	checkText("body", in.Body, maxMessageBody, false)
	for lang := range in.Body {
		if _, ok := in.Subject[lang]; !ok && len(in.Subject) > 0 {
			fields["subject."+lang] = models.FieldError{Key: "required"}
		}
	}
	for lang := range in.Subject {
		if _, ok := in.Body[lang]; !ok && len(in.Body) > 0 {
			fields["body."+lang] = models.FieldError{Key: "required"}
		}
	}
	if len(in.Audience) == 0 {
		fields["audience"] = models.FieldError{Key: "required"}
	}
	seen := map[string]bool{}
	for i, a := range in.Audience {
		if !models.IsMessageAudience(a) || seen[a] {
			fields["audience."+strconv.Itoa(i)] = models.FieldError{Key: "oneof", Param: strings.Join(models.MessageAudiences(), " ")}
		}
		seen[a] = true
	}
	if len(fields) > 0 {
		return models.Invalid(fields)
	}
	// Keep only languages the body has, in the given order; a caller that
	// gave no order gets a stable one.
	order := make([]string, 0, len(in.Body))
	for _, l := range in.Languages {
		if in.Body[l] != "" && !contains(order, l) {
			order = append(order, l)
		}
	}
	for _, l := range sortedKeys(in.Body) {
		if !contains(order, l) {
			order = append(order, l)
		}
	}
	in.Languages = order
	return nil
}

// cleanMessageText is models.CleanText on every language of t, without
// trimming: a blank text stays blank for validate to refuse.
func cleanMessageText(t models.Text) models.Text {
	if t == nil {
		return nil
	}
	out := make(models.Text, len(t))
	for lang, v := range t {
		out[lang] = models.CleanText(v)
	}
	return out
}

// SendMessage queues an organiser's message to everyone signed up for the
// activity in the audience statuses: one outbox email per recipient,
// written in batches as the recipients are read. When it returns, every
// email is in the outbox; delivery follows. If the process dies midway,
// the scheduler's ResumeMessages finishes the queuing without duplicates.
func (s *Service) SendMessage(ctx context.Context, actor *Actor, activityID string, in MessageInput) (*models.Message, error) {
	act, err := s.activityFor(ctx, actor, ActSendMessages, activityID)
	if err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	m := &models.Message{ID: models.NewID(), OrganisationID: act.OrganisationID, ActivityID: act.ID,
		Subject: in.Subject, Body: in.Body, Languages: in.Languages, Format: in.Format, Audience: in.Audience,
		Status: models.MessageQueuing, CreatedBy: actor.User.ID, CreatedAt: s.now()}
	if err := s.store.InsertMessage(ctx, m); err != nil {
		return nil, err
	}
	if err := s.queueMessage(ctx, m, act); err != nil {
		return nil, err
	}
	s.audit(ctx, actor, models.AuditMessageSend, auditTarget{typ: models.AuditTargetMessage, id: m.ID,
		org: m.OrganisationID, detail: fmt.Sprintf("activity %s; recipients: %d", act.ID, m.Recipients)})
	return m, nil
}

// queueMessage writes the outbox emails of a message, batch by batch, and
// records the number of recipients. Running it again queues only the
// emails missing (the outbox's dedup keys skip the others).
func (s *Service) queueMessage(ctx context.Context, m *models.Message, act *models.Activity) error {
	org, err := s.store.OrganisationByID(ctx, act.OrganisationID)
	if err != nil {
		return err
	}
	recipients := 0
	err = s.store.EachSignupBatch(ctx, act.ID, m.Audience, s.messageBatch, func(batch []models.Signup) error {
		if _, err := s.mail.QueueMessage(ctx, notifications.MessageBatch{Message: m, Activity: *act,
			Organisation: *org, Recipients: batch}); err != nil {
			return err
		}
		recipients += len(batch)
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.store.SetMessageQueued(ctx, m.ID, recipients); err != nil {
		return err
	}
	m.Recipients, m.Status = recipients, models.MessageQueued
	return nil
}

// ResumeMessages finishes queuing messages whose queuing was interrupted
// (it started more than a minute ago and never completed). The scheduler
// runs it; it is safe on every instance at once.
func (s *Service) ResumeMessages(ctx context.Context) error {
	stale, err := s.store.MessagesQueuing(ctx, s.now().Add(-minuteOfQueuing))
	if err != nil {
		return err
	}
	var errs []error
	for i := range stale {
		act, err := s.store.ActivityByID(ctx, stale[i].ActivityID)
		if err == nil {
			err = s.queueMessage(ctx, &stale[i], act)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("message %s: %w", stale[i].ID, err))
			continue
		}
		s.logger.Info("resumed queuing an organiser message", "message", stale[i].ID, "recipients", stale[i].Recipients)
	}
	return errors.Join(errs...)
}

// MessageStatus reports a message's delivery: sent, failed, and pending
// (queued or being sent) emails.
func (s *Service) MessageStatus(ctx context.Context, actor *Actor, id string) (*MessageStatus, error) {
	m, err := loadAuthorized(ctx, actor, ActSendMessages, id, s.store.MessageByID,
		func(m *models.Message) string { return m.OrganisationID })
	if err != nil {
		return nil, err
	}
	counts, err := s.store.CountOutboxByMessage(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	st := &MessageStatus{ID: m.ID, Recipients: m.Recipients,
		Sent:    int(counts[models.OutboxSent]),
		Failed:  int(counts[models.OutboxFailed]),
		Pending: int(counts[models.OutboxPending] + counts[models.OutboxSending])}
	// An email just sent is briefly counted as sent and still due.
	if m.Status == models.MessageQueued {
		st.Pending = max(0, min(st.Pending, st.Recipients-st.Sent-st.Failed))
	}
	return st, nil
}

// minuteOfQueuing is how old an unfinished message must be before the
// scheduler takes its queuing over: longer than any request queuing one.
const minuteOfQueuing = 2 * time.Minute

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func sortedKeys(t models.Text) []string {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
