package httpx

import (
	"errors"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
)

// Field is one control of a form as the "field" template draws it: its
// label, hint, what was typed, and its error tied to it.
type Field struct {
	ID, Name, Type   string // Type: text, email, tel, select, radio, checkbox
	Label, LabelLang string
	Hint             string
	Required         bool
	Value            string
	Options          []Option
	Autocomplete     string
	MaxLength        int
	Error            string
	DescribedBy      string // ids of the hint and the error
	Path             string // the JSON path the field's errors carry
}

// ErrorLink is one line of the error summary, linking to its field.
type ErrorLink struct {
	Href, Text string
}

// Form is a form with its fields and its error summary.
type Form struct {
	Action string
	Fields []Field
	Errors []ErrorLink
	Notice string
	Submit string
}

// Wording is how a form words its field errors, as opposed to the API's
// terse messages (a nil *Wording).
type Wording struct {
	// Sentences maps a field's path to the translation key of a full
	// sentence ("Enter your name") shown instead of the terse message, and
	// shown alone in the summary (without the field's label).
	Sentences map[string]string
	// Max is the largest party, for the sentences that name it.
	Max int
}

// FieldText is the one place that chooses the text of a field's error, in
// this order: for forms (w non-nil), a too-long value, the form's own
// sentence for the field, the choice messages of a question's answer
// (choice: the field is a set of options), else the catalogue's message
// for the rule (never validator's, which names the JSON field); for the
// API, validator's own translation, else the catalogue's.
func (s *Server) FieldText(lang, path string, fe models.FieldError, w *Wording, choice bool) string {
	param := map[string]any{"Param": fe.Param}
	if w != nil {
		param["Max"] = w.Max
		if fe.Key == "max_length" {
			return s.Catalog.T(lang, "form.err_too_long", param)
		}
		if key, ok := w.Sentences[path]; ok {
			return s.Catalog.T(lang, key, param)
		}
		if strings.HasPrefix(path, "answers.") {
			switch {
			case fe.Key == "required" && !choice:
				return s.Catalog.T(lang, "form.err_answer", nil)
			case fe.Key == "required", fe.Key == "oneof", fe.Key == "boolean":
				return s.Catalog.T(lang, "form.err_choice", nil)
			}
		}
		return s.Catalog.CatalogFieldMessage(lang, fe, param)
	}
	return s.Catalog.FieldMessageWith(lang, fe, param)
}

// FormErrors ties the errors of err to the fields (by their JSON path) and
// builds the error summary, in the order of the fields; an error without
// a field (the activity is full, the rate limit) heads the summary, and
// errors of paths no field shows follow it. A field's line names the
// field unless its wording is a sentence of its own. Every field gets its
// aria-describedby. It reports false, and touches nothing, when err is
// not one a form shows (internal, not found).
func (s *Server) FormErrors(c *fiber.Ctx, fields []*Field, err error, w Wording) ([]ErrorLink, bool) {
	var app *models.Error
	if !errors.As(err, &app) || app.Code == models.ErrInternal || app.Code == models.ErrNotFound {
		return nil, false
	}
	lang := Lang(c)
	byPath := app.Fields
	if app.Code == models.ErrAlreadyRegistered {
		byPath = map[string]models.FieldError{"email": {Key: "already_registered"}}
	}
	var summary []ErrorLink
	if len(byPath) == 0 {
		summary = append(summary, ErrorLink{Text: s.T(c, "error."+app.Code, nil)})
	}
	labelled := func(field, message string) string {
		return s.T(c, "form.field_error", map[string]any{"Field": field, "Message": message})
	}
	shown := map[string]bool{}
	for _, f := range fields {
		fe, ok := byPath[f.Path]
		if !ok || f.Path == "" {
			continue
		}
		shown[f.Path] = true
		if app.Code == models.ErrAlreadyRegistered {
			f.Error = s.T(c, "error.already_registered", nil)
		} else {
			f.Error = s.FieldText(lang, f.Path, fe, &w, f.Type == "radio")
		}
		text := f.Error
		if _, sentence := w.Sentences[f.Path]; !sentence {
			text = labelled(f.Label, f.Error)
		}
		summary = append(summary, ErrorLink{Href: "#" + f.ID, Text: text})
	}
	var rest []string
	for path := range byPath {
		if !shown[path] {
			rest = append(rest, path)
		}
	}
	sort.Strings(rest)
	for _, path := range rest {
		summary = append(summary, ErrorLink{Text: labelled(path, s.FieldText(lang, path, byPath[path], &w, false))})
	}
	Describe(fields)
	return summary, true
}

// FormErrorStatus returns the status to show a form again with err, or
// false when err is not the form's to show (internal, not found, not
// allowed): the error page answers those.
func FormErrorStatus(err error) (int, bool) {
	var app *models.Error
	if !errors.As(err, &app) {
		return 0, false
	}
	switch app.Code {
	case models.ErrInternal, models.ErrNotFound, models.ErrForbidden, models.ErrUnauthorized:
		return 0, false
	}
	return StatusOf(app.Code)
}

// Describe sets each field's aria-describedby from its hint and error.
func Describe(fields []*Field) {
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

// Ptrs returns pointers to the fields of a slice, for FormErrors.
func Ptrs(fields []Field) []*Field {
	out := make([]*Field, len(fields))
	for i := range fields {
		out[i] = &fields[i]
	}
	return out
}

// Option is one choice of a select or radio field, or of a filter.
type Option struct {
	Value, Label, Lang string
	Selected           bool
}
