package api

import (
	"bytes"
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

func (s *Server) messageRoutes(r fiber.Router) {
	r.Post("/api/v1/activities/:id/messages", s.RequireStaff, s.sendMessage)
	r.Get("/api/v1/messages/:id", s.RequireStaff, s.getMessage)
}

// messageRequest is the body of POST /activities/{id}/messages. Subject and
// body stay raw until the order of the body's languages is read: the first
// language given is a recipient's last resort.
type messageRequest struct {
	Subject  json.RawMessage `json:"subject"`
	Body     json.RawMessage `json:"body"`
	Audience []string        `json:"audience"`
	Format   string          `json:"format"`
}

// messageAccepted is the answer to a queued message.
type messageAccepted struct {
	ID         string `json:"id"`
	Recipients int    `json:"recipients"`
}

// sendMessage queues an organiser's message to the activity's signups in
// the audience; 202 once every email is in the outbox.
func (s *Server) sendMessage(c *fiber.Ctx) error {
	var req messageRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	in := registration.MessageInput{Audience: req.Audience, Format: req.Format}
	var err error
	if in.Subject, _, err = decodeText("subject", req.Subject); err != nil {
		return err
	}
	if in.Body, in.Languages, err = decodeText("body", req.Body); err != nil {
		return err
	}
	m, err := s.Reg.SendMessage(c.UserContext(), httpx.Actor(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(messageAccepted{ID: m.ID, Recipients: m.Recipients})
}

// getMessage reports how many of a message's emails are sent, failed and
// pending.
func (s *Server) getMessage(c *fiber.Ctx) error {
	st, err := s.Reg.MessageStatus(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(messageStatusJSON(*st))
}

// decodeText decodes a multilingual text object and returns its languages
// in the order they appear. Absent or null is an empty text; anything but
// an object of strings is validation_failed naming the field.
func decodeText(field string, raw json.RawMessage) (models.Text, []string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil, nil
	}
	invalid := models.InvalidField(field, "invalid", "")
	var t models.Text
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, nil, invalid
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, invalid
	}
	var order []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, invalid
		}
		key, ok := tok.(string)
		if !ok {
			return nil, nil, invalid
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, nil, invalid
		}
		order = append(order, key)
	}
	return t, order, nil
}
