package handlers

import (
	"errors"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
)

// formErrorStatus returns the status to show a form again with err, or
// false when err is not the form's to show (internal, not found, not
// allowed): the error page answers those.
func formErrorStatus(err error) (int, bool) {
	var app *models.Error
	if !errors.As(err, &app) {
		return 0, false
	}
	switch app.Code {
	case models.ErrInternal, models.ErrNotFound, models.ErrForbidden, models.ErrUnauthorized:
		return 0, false
	}
	status, ok := statusOf[app.Code]
	return status, ok
}

// staffErrors ties the field errors of err to the console form's fields
// (by their JSON path) and builds the error summary, in the order of the
// fields; an error without a field, or of a path no field shows, heads
// the summary. It reports false when err is not one a form shows.
func (s *Server) staffErrors(c *fiber.Ctx, fields []*fieldView, err error) ([]errorLink, bool) {
	if _, ok := formErrorStatus(err); !ok {
		return nil, false
	}
	var app *models.Error
	errors.As(err, &app)
	lang := Lang(c)
	message := func(fe models.FieldError) string {
		if fe.Key == "max_length" {
			return s.catalog.T(lang, "form.err_too_long", map[string]any{"Param": fe.Param})
		}
		return s.catalog.FieldMessage(lang, fe)
	}
	var summary []errorLink
	if len(app.Fields) == 0 {
		summary = append(summary, errorLink{Text: s.t(c, "error."+app.Code, nil)})
	}
	shown := map[string]bool{}
	for _, f := range fields {
		fe, ok := app.Fields[f.path]
		if !ok || f.path == "" {
			continue
		}
		shown[f.path] = true
		f.Error = message(fe)
		summary = append(summary, errorLink{Href: "#" + f.ID,
			Text: s.t(c, "form.field_error", map[string]any{"Field": f.Label, "Message": f.Error})})
	}
	var rest []string
	for path := range app.Fields {
		if !shown[path] {
			rest = append(rest, path)
		}
	}
	sort.Strings(rest)
	for _, path := range rest {
		summary = append(summary, errorLink{Text: s.t(c, "form.field_error",
			map[string]any{"Field": path, "Message": message(app.Fields[path])})})
	}
	describeEach(fields)
	return summary, true
}

// formErrors gives each field its aria-describedby and, when formErr is
// one a form shows, puts it on the fields (remapped to the controls that
// show it, with remap) and returns the error summary with shown true. Any
// other error comes back as err, unchanged, for the ErrorHandler.
func (s *Server) formErrors(c *fiber.Ctx, fields []*fieldView, formErr error, remap bool) (summary []errorLink, shown bool, err error) {
	describeEach(fields)
	if formErr == nil {
		return nil, false, nil
	}
	toShow := formErr
	if remap {
		toShow = remapErrors(formErr, fields)
	}
	summary, ok := s.staffErrors(c, fields, toShow)
	if !ok {
		return nil, false, formErr
	}
	return summary, true, nil
}

// describeEach sets each field's aria-describedby from its hint and error.
func describeEach(fields []*fieldView) {
	for _, f := range fields {
		var ids []string
		if f.Hint != "" {
			ids = append(ids, f.ID+"-hint")
		}
		if f.Error != "" {
			ids = append(ids, f.ID+"-error")
		}
		f.DescribedBy = strings.Join(ids, " ")
	}
}

// ptrs returns pointers to the fields of a slice, for staffErrors.
func ptrs(fields []fieldView) []*fieldView {
	out := make([]*fieldView, len(fields))
	for i := range fields {
		out[i] = &fields[i]
	}
	return out
}
