package web

import "github.com/agora-events/agora/models"

// FieldMessage is the text of one invalid field in lang: validator's own
// message where validator ships one for lang, else the catalogue's
// "field.<Key>" with the error's parameter as {{.Param}}. It is the one
// place a field error becomes text; the API's error bodies use it as is,
// and forms call it after their own, friendlier wording for some fields.
func (c *Catalog) FieldMessage(lang string, fe models.FieldError) string {
	return c.FieldMessageWith(lang, fe, nil)
}

// FieldMessageWith is FieldMessage with more placeholders for the
// catalogue's message (a form's {{.Max}}, say); {{.Param}} is always set.
func (c *Catalog) FieldMessageWith(lang string, fe models.FieldError, data map[string]any) string {
	if m, ok := fe.ValidatorText(lang); ok {
		return m
	}
	return c.CatalogFieldMessage(lang, fe, data)
}

// CatalogFieldMessage is the catalogue's "field.<Key>" alone, never
// validator's text: forms name the field by its label, and validator's
// messages name it by its JSON path ("capacity must be 1 or greater"),
// which a librarian or an attendee should never read.
func (c *Catalog) CatalogFieldMessage(lang string, fe models.FieldError, data map[string]any) string {
	params := map[string]any{"Param": fe.Param}
	for k, v := range data {
		params[k] = v
	}
	return c.T(lang, "field."+fe.Key, params)
}
