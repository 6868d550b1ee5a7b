package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/registration"
)

// localResourceID holds the id reserved by an Idempotency-Key for what the
// request creates.
const localResourceID = "resource_id"

// headerIdempotencyKey makes a creating request safe to retry.
const headerIdempotencyKey = "Idempotency-Key"

// idempotent makes a request with an Idempotency-Key safe to retry: the
// first answer (status and body, errors included) is kept in the store
// for 24 hours, its body sealed under the key (a signup's answer holds its
// manage token), and sent again for the same key and body; another body
// with the key is 409 idempotency_key_reused. Without the header the
// request passes through untouched.
func (s *Server) idempotent(c *fiber.Ctx) error {
	key := c.Get(headerIdempotencyKey)
	if key == "" {
		return c.Next()
	}
	ctx := c.UserContext()
	// A staff member's keys are theirs alone: another account sending the
	// same key and body is a request of its own, never a replay of an
	// answer it may not be allowed to see.
	scope := c.Method() + " " + c.Path()
	if actor := httpx.Actor(c); actor != nil {
		scope += " by " + actor.User.ID
	}
	req, err := s.Reg.BeginIdempotent(ctx, key, scope, c.Body())
	if err != nil {
		return err
	}
	if r := req.Replay; r != nil {
		c.Set(fiber.HeaderContentType, r.ContentType)
		c.Set("Idempotent-Replayed", "true")
		return c.Status(r.Status).Send(r.Body)
	}
	c.Locals(localResourceID, req.ResourceID)
	if err := c.Next(); err != nil {
		// Render the error here so that its answer is what is kept.
		if herr := s.HandleError(c, err); herr != nil {
			return herr
		}
	}
	res := c.Response()
	stored := registration.StoredResponse{Status: res.StatusCode(),
		ContentType: string(res.Header.ContentType()), Body: append([]byte(nil), res.Body()...)}
	if err := s.Reg.FinishIdempotent(ctx, req, stored); err != nil {
		// The answer stands; a retry will resume after the key's lease.
		s.Logger.Error("idempotency key not stored", "request_id", httpx.RequestID(c), "err", err)
	}
	return nil
}
