package handlers

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// queryLimit reads ?limit=: absent is the default, above the maximum is
// the maximum, anything but a positive integer is bad_request.
func queryLimit(c *fiber.Ctx) (int, error) {
	raw := c.Query("limit")
	if raw == "" {
		return registration.DefaultLimit, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 {
		return 0, models.Errorf(models.ErrBadRequest, "limit must be a positive integer")
	}
	return min(n, registration.MaxLimit), nil
}

// queryTime reads a time bound: RFC 3339, or a date (YYYY-MM-DD, in UTC),
// which as an upper bound means the end of that day.
func queryTime(c *fiber.Ctx, name string, upper bool) (*time.Time, error) {
	raw := c.Query(name)
	if raw == "" {
		return nil, nil
	}
	if t, err := time.Parse(time.RFC3339, raw); err == nil {
		return &t, nil
	}
	d, err := time.Parse(time.DateOnly, raw)
	if err != nil {
		return nil, models.Errorf(models.ErrBadRequest, "%s must be an RFC 3339 time or a date", name)
	}
	if upper {
		d = d.Add(24*time.Hour - time.Millisecond)
	}
	return &d, nil
}

// activityFilter reads the activity list's filters from the query string;
// unknown values are bad_request.
func activityFilter(c *fiber.Ctx) (registration.ActivityFilter, error) {
	f := registration.ActivityFilter{Kind: c.Query("kind"), Language: c.Query("language"),
		Organisation: c.Query("organisation"), Q: c.Query("q"), Status: c.Query("status"), Cursor: c.Query("cursor")}
	if f.Kind != "" && !isKind(f.Kind) {
		return f, models.Errorf(models.ErrBadRequest, "unknown kind %q", f.Kind)
	}
	if f.Language != "" && !models.IsLanguageCode(f.Language) {
		return f, models.Errorf(models.ErrBadRequest, "unknown language %q", f.Language)
	}
	if len(f.Q) > 200 || len(f.Organisation) > 100 || len(f.Cursor) > 200 {
		return f, models.Errorf(models.ErrBadRequest, "query value too long")
	}
	var err error
	if f.From, err = queryTime(c, "from", false); err != nil {
		return f, err
	}
	if f.To, err = queryTime(c, "to", true); err != nil {
		return f, err
	}
	if f.Limit, err = queryLimit(c); err != nil {
		return f, err
	}
	return f, nil
}

func isKind(k string) bool {
	for _, known := range models.Kinds() {
		if k == known {
			return true
		}
	}
	return false
}
