package handlers

import (
	"bufio"
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

// signupList is a page of signups.
type signupList struct {
	Items      []staffSignup `json:"items"`
	NextCursor *string       `json:"next_cursor"`
}

// staffSignup is a signup as staff see it: phone and answers are always
// present (API.md lists them), even when the attendee gave none, so that
// clients need not guess whether a key is missing or empty. Its shallower
// fields take precedence over the embedded signup's omitempty ones.
type staffSignup struct {
	models.Signup
	Phone   string         `json:"phone"`
	Answers map[string]any `json:"answers"`
}

// staffView turns a signup into its staff answer.
func staffView(su *models.Signup) staffSignup {
	v := staffSignup{Signup: *su, Phone: su.Phone, Answers: su.Answers}
	if v.Answers == nil {
		v.Answers = map[string]any{}
	}
	return v
}

// listSignups lists an activity's signups for staff: ?status= (one or
// several, comma-separated), ?limit=, ?cursor=.
func (s *Server) listSignups(c *fiber.Ctx) error {
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	var statuses []string
	if q := c.Query("status"); q != "" {
		statuses = strings.Split(q, ",")
	}
	page, err := s.reg.ListSignups(c.UserContext(), actor(c), c.Params("id"), statuses, c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	out := signupList{Items: make([]staffSignup, 0, len(page.Items))}
	for i := range page.Items {
		out.Items = append(out.Items, staffView(&page.Items[i]))
	}
	if page.NextCursor != "" {
		out.NextCursor = &page.NextCursor
	}
	return c.JSON(out)
}

// checkInRequest is the body of PATCH /signups/{id}.
type checkInRequest struct {
	Status string `json:"status"`
}

// checkIn records whether a confirmed attendee came.
func (s *Server) checkIn(c *fiber.Ctx) error {
	var req checkInRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	su, err := s.reg.CheckIn(c.UserContext(), actor(c), c.Params("signup"), req.Status)
	if err != nil {
		return err
	}
	return c.JSON(staffView(su))
}

// utf8BOM lets Excel recognise the CSV file as UTF-8.
const utf8BOM = "\uFEFF"

// exportSignups streams an activity's signups as CSV, one row per signup
// and one column per question, without holding them all in memory.
func (s *Server) exportSignups(c *fiber.Ctx) error {
	exp, err := s.reg.ExportSignups(c.UserContext(), actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	lang := Lang(c)
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="signups-%s.csv"`, exp.Activity.ID))
	c.Set(fiber.HeaderCacheControl, "no-store")
	// The writer runs after the handler returns: it must not touch c.
	ctx, logger, reqID := context.WithoutCancel(c.UserContext()), s.logger, requestID(c)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		defer cancel()
		if err := writeSignupsCSV(ctx, w, exp, lang); err != nil {
			// The status is sent already; the client sees a cut file.
			logger.Error("signup export failed", "request_id", reqID, "activity_id", exp.Activity.ID, "err", err)
		}
	})
	return nil
}

func writeSignupsCSV(ctx context.Context, w *bufio.Writer, exp *registration.SignupExport, lang string) error {
	if _, err := w.WriteString(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := []string{"id", "created_at", "status", "name", "email", "phone", "party_size", "language"}
	for _, q := range exp.Activity.Questions {
		header = append(header, web.PickText(q.Label, lang, "")+" ["+q.ID+"]")
	}
	header = append(header, "consent_at", "cancelled_at")
	if err := cw.Write(neutraliseCSV(header)); err != nil {
		return err
	}
	rows := 0
	err := exp.Each(ctx, func(su *models.Signup) error {
		row := []string{su.ID, formatCSVTime(&su.CreatedAt), su.Status, su.Name, su.Email, su.Phone,
			strconv.Itoa(su.PartySize), su.Language}
		for _, q := range exp.Activity.Questions {
			row = append(row, formatAnswer(su.Answers[q.ID]))
		}
		row = append(row, formatCSVTime(&su.ConsentAt), formatCSVTime(su.CancelledAt))
		if err := cw.Write(neutraliseCSV(row)); err != nil {
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

// neutraliseCSV defuses cells that a spreadsheet would run as a formula
// (CSV injection): a cell starting with = + - @, a tab or a carriage
// return gets a leading apostrophe, which spreadsheets show as text.
func neutraliseCSV(row []string) []string {
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

func formatAnswer(v any) string {
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
