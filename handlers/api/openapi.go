package api

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

// openAPIDocument describes every endpoint; openapi_test.go keeps it in
// step with the routes.
//
//go:embed openapi.json
var openAPIDocument []byte

func (s *Server) openAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(openAPIDocument)
}
