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
	params := map[string]any{"Param": fe.Param}
	for k, v := range data {
		params[k] = v
	}
	return c.T(lang, "field."+fe.Key, params)
}
