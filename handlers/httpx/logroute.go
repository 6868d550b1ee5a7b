package httpx

import "github.com/gofiber/fiber/v2"

// LogRoute is how log lines name the address of a request: the pattern of
// the route that answered ("/signups/:token"), never the path asked for.
// Paths carry secrets — manage links, set-password links, check-in codes —
// and a log is kept longer, and read by more people, than those secrets
// may be. A request that reached no route (an error of the HTTP layer
// itself, before routing) is "-": Fiber would otherwise give its raw path.
func LogRoute(c *fiber.Ctx) string {
	r := c.Route()
	if len(r.Handlers) == 0 {
		return "-"
	}
	return r.Path
}
