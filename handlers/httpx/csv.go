package httpx

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// utf8BOM lets Excel recognise the CSV file as UTF-8.
const utf8BOM = "\uFEFF"

// SendSignupsCSV streams an export of an activity's signups as CSV, one
// row per signup and one column per question, without holding them all in
// memory. The API and the console each authorise their export first.
func (s *Server) SendSignupsCSV(c *fiber.Ctx, exp *registration.SignupExport) error {
	lang := Lang(c)
	// Labels fall back like every text (web.Pick): the staff member's
	// language, then the organisation's default.
	o, err := s.Organisation(c.UserContext(), OrgCache{}, exp.Activity.OrganisationID)
	if err != nil {
		return err
	}
	orgDefault := ""
	if o != nil {
		orgDefault = o.DefaultLanguage
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="signups-%s.csv"`, exp.Activity.ID))
	c.Set(fiber.HeaderCacheControl, "no-store")
	// The writer runs after the handler returns: it must not touch c.
	ctx, logger, reqID := context.WithoutCancel(c.UserContext()), s.Logger, RequestID(c)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		defer cancel()
		if err := WriteSignupsCSV(ctx, w, exp, lang, orgDefault); err != nil {
			// The status is sent already; the client sees a cut file.
			logger.Error("signup export failed", "request_id", reqID, "activity_id", exp.Activity.ID, "err", err)
		}
	})
	return nil
}

// WriteSignupsCSV writes the export, headed by a BOM so that spreadsheets
// read it as UTF-8, its cells neutralised against formula injection.
func WriteSignupsCSV(ctx context.Context, w *bufio.Writer, exp *registration.SignupExport, lang, orgDefault string) error {
	if _, err := w.WriteString(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := []string{"id", "created_at", "status", "name", "email", "phone", "party_size", "language"}
	for _, q := range exp.Activity.Questions {
		header = append(header, web.PickText(q.Label, lang, orgDefault)+" ["+q.ID+"]")
	}
	header = append(header, "consent_at", "cancelled_at", "source")
	if err := cw.Write(NeutraliseCSV(header)); err != nil {
		return err
	}
	rows := 0
	err := exp.Each(ctx, func(su *models.Signup) error {
		row := []string{su.ID, formatCSVTime(&su.CreatedAt), su.Status, su.Name, su.Email, su.Phone,
			strconv.Itoa(su.PartySize), su.Language}
		for _, q := range exp.Activity.Questions {
			row = append(row, answerCell(q, su.Answers[q.ID], lang, orgDefault))
		}
		row = append(row, formatCSVTime(&su.ConsentAt), formatCSVTime(su.CancelledAt), su.Origin())
		if err := cw.Write(NeutraliseCSV(row)); err != nil {
			return err
		}
		if rows++; rows%100 == 0 {
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			return w.Flush()
		}
		return nil
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return err
}

// NeutraliseCSV defuses cells that a spreadsheet would run as a formula
// (CSV injection): a cell starting with = + - @, a tab or a carriage
// return gets a leading apostrophe, which spreadsheets show as text.
func NeutraliseCSV(row []string) []string {
	for i, cell := range row {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			row[i] = "'" + cell
		}
	}
	return row
}

func formatCSVTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// FormatAnswer is an answer to a question as a CSV cell or a page shows it.
func FormatAnswer(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	default:
		return fmt.Sprint(v)
	}
}

// answerCell is an answer as the export shows it: a choice's label in the
// staff member's language followed by its id in brackets, as the header
// names questions, so that a spreadsheet can still group by id.
func answerCell(q models.Question, v any, lang, orgDefault string) string {
	if id, ok := v.(string); ok && q.Type == models.QuestionChoice {
		if o, known := q.Option(id); known && !o.Plain() {
			label, _ := web.OptionLabel(o, lang, orgDefault)
			return label + " [" + id + "]"
		}
	}
	return FormatAnswer(v)
}

// CSVFile is records as a small CSV file, built like the signup export:
// a BOM, and every cell neutralised against formula injection.
func CSVFile(records [][]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(utf8BOM)
	w := csv.NewWriter(&b)
	for _, r := range records {
		if err := w.Write(NeutraliseCSV(r)); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
