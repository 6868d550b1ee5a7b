package httpx

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// QueryLimit reads ?limit=: absent is the default, above the maximum is
// the maximum, anything but a positive integer is bad_request.
func QueryLimit(c *fiber.Ctx) (int, error) {
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

// QueryTime reads a time bound: RFC 3339, or a date (YYYY-MM-DD, in UTC),
// which as an upper bound means the end of that day.
func QueryTime(c *fiber.Ctx, name string, upper bool) (*time.Time, error) {
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

// ActivityFilter reads the activity list's filters from the query string;
// unknown values are bad_request.
func ActivityFilter(c *fiber.Ctx) (registration.ActivityFilter, error) {
	f := registration.ActivityFilter{Kind: c.Query("kind"), Language: c.Query("language"),
		Organisation: c.Query("organisation"), Q: c.Query("q"), Status: c.Query("status"), Cursor: c.Query("cursor")}
	if f.Kind != "" && !models.IsKind(f.Kind) {
		return f, models.Errorf(models.ErrBadRequest, "unknown kind %q", f.Kind)
	}
	if f.Language != "" && !models.IsLanguageCode(f.Language) {
		return f, models.Errorf(models.ErrBadRequest, "unknown language %q", f.Language)
	}
	if len(f.Q) > 200 || len(f.Organisation) > 100 || len(f.Cursor) > 200 {
		return f, models.Errorf(models.ErrBadRequest, "query value too long")
	}
	var err error
	if f.From, err = QueryTime(c, "from", false); err != nil {
		return f, err
	}
	if f.To, err = QueryTime(c, "to", true); err != nil {
		return f, err
	}
	if f.Limit, err = QueryLimit(c); err != nil {
		return f, err
	}
	return f, nil
}

// ReportFilter reads a report's window (?from=, ?to=: RFC 3339 times or
// dates, the to date counting whole) and an admin's ?organisation=.
func ReportFilter(c *fiber.Ctx) (registration.ReportFilter, error) {
	f := registration.ReportFilter{Organisation: c.Query("organisation")}
	var err error
	if f.From, err = QueryTime(c, "from", false); err != nil {
		return f, err
	}
	f.To, err = QueryTime(c, "to", true)
	return f, err
}
