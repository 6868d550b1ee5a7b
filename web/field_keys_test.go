package web

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/agora-events/agora/models"
)

// TestEveryValidationTagHasAMessage walks the validate tags of the request
// and entity types and checks that every rule has a "field.<tag>" message
// in every language: validator ships translations for only some of our
// languages, and the catalogue is the fallback for the rest.
func TestEveryValidationTagHasAMessage(t *testing.T) {
	tags := map[string]bool{}
	var walk func(reflect.Type, map[reflect.Type]bool)
	walk = func(typ reflect.Type, seen map[reflect.Type]bool) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		for i := range typ.NumField() {
			f := typ.Field(i)
			for _, rule := range strings.Split(f.Tag.Get("validate"), ",") {
				name, _, _ := strings.Cut(rule, "=")
				switch name {
				case "", "dive", "keys", "endkeys", "omitempty":
				default:
					tags[name] = true
				}
			}
			walk(f.Type, seen)
		}
	}
	for _, v := range []any{models.Activity{}, models.OrganisationRequest{}, models.UserRequest{},
		models.CancelActivityRequest{}, models.RepeatRequest{}} {
		walk(reflect.TypeOf(v), map[reflect.Type]bool{})
	}
	// Rules reported by code rather than tags.
	for _, k := range []string{"after_start", "before_start", "not_after_start", "after_opens",
		"party_above_capacity", "type", "datetime", "unknown", "immutable", "invalid",
		"date_too_early", "date_too_late", "repeat_too_late"} {
		tags[k] = true
	}
	for _, lang := range models.Languages() {
		raw, err := LocaleFile(lang)
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]any
		if err := json.Unmarshal(raw, &msgs); err != nil {
			t.Fatal(err)
		}
		for tag := range tags {
			if _, ok := msgs["field."+tag]; !ok {
				t.Errorf("%s: no message field.%s", lang, tag)
			}
		}
	}
}
