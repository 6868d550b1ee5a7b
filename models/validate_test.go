package models

import (
	"strings"
	"testing"
	"time"
)

func validActivity() Activity {
	start := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
	return Activity{ID: "a", OrganisationID: "o", Kind: KindLanguageCafe, Title: Text{"en": "Café"},
		StartsAt: start, EndsAt: start.Add(2 * time.Hour), Timezone: "Europe/Warsaw",
		Capacity: 10, MaxPartySize: 2, Status: StatusDraft}
}

func fieldsOf(t *testing.T, err error) map[string]FieldError {
	t.Helper()
	e, ok := err.(*Error)
	if !ok || e.Code != ErrValidationFailed {
		t.Fatalf("want validation_failed, got %v", err)
	}
	return e.Fields
}

func TestValidateActivity(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		a := validActivity()
		a.Questions = []Question{{ID: "diet", Type: QuestionChoice, Label: Text{"en": "Diet"}, Options: PlainOptions("vegan", "none")}}
		if err := Validate(a); err != nil {
			t.Fatal(err)
		}
	})
	cases := []struct {
		name   string
		change func(a *Activity)
		path   string
		key    string
	}{
		{"ErrKind", func(a *Activity) { a.Kind = "party" }, "kind", "oneof"},
		{"ErrTitleEmpty", func(a *Activity) { a.Title = Text{} }, "title", "min"},
		{"ErrTitleLanguage", func(a *Activity) { a.Title = Text{"english": "x"} }, "title.english", "lang"},
		{"ErrTitleValue", func(a *Activity) { a.Title = Text{"en": ""} }, "title.en", "required"},
		{"ErrEndsBeforeStart", func(a *Activity) { a.EndsAt = a.StartsAt }, "ends_at", "after_start"},
		{"ErrTimezone", func(a *Activity) { a.Timezone = "Mars/Olympus" }, "timezone", "tz"},
		{"ErrCapacity", func(a *Activity) { a.Capacity = 0 }, "capacity", "min"},
		{"ErrParty", func(a *Activity) { a.MaxPartySize = 11 }, "max_party_size", "party_above_capacity"},
		{"ErrLanguages", func(a *Activity) { a.Languages = []string{"en", "xx1"} }, "languages[1]", "lang"},
		{"ErrOnlineURL", func(a *Activity) { a.Venue.OnlineURL = "javascript:alert(1)" }, "venue.online_url", "http_url"},
		{"ErrChoiceWithoutOptions", func(a *Activity) {
			a.Questions = []Question{{ID: "diet", Type: QuestionChoice, Label: Text{"en": "Diet"}}}
		}, "questions[0].options", "required_if"},
		{"ErrDuplicateQuestion", func(a *Activity) {
			q := Question{ID: "q", Type: QuestionText, Label: Text{"en": "Q"}}
			a.Questions = []Question{q, q}
		}, "questions", "unique"},
		{"ErrWindowReversed", func(a *Activity) {
			o, c := a.StartsAt.Add(-time.Hour), a.StartsAt.Add(-2*time.Hour)
			a.RegistrationOpensAt, a.RegistrationClosesAt = &o, &c
		}, "registration_closes_at", "after_opens"},
		{"ErrWindowAfterStart", func(a *Activity) {
			c := a.StartsAt.Add(time.Hour)
			a.RegistrationClosesAt = &c
		}, "registration_closes_at", "not_after_start"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := validActivity()
			tc.change(&a)
			f := fieldsOf(t, Validate(a))
			got, ok := f[tc.path]
			if !ok || got.Key != tc.key {
				t.Fatalf("want %s=%s, got %+v", tc.path, tc.key, f)
			}
		})
	}
	t.Run("TranslatedByValidator", func(t *testing.T) {
		// Issue 3: validator's own translations where it ships one, our
		// catalogue ("field.<key>") for the other languages.
		a := validActivity()
		a.Capacity = 0
		f := fieldsOf(t, Validate(a))["capacity"]
		if f.Key != "min" || f.Param != "1" {
			t.Fatalf("want min 1, got %+v", f)
		}
		pl, okPl := f.ValidatorText("pl")
		en, okEn := f.ValidatorText("en")
		if !okPl || !okEn || pl == "" || en == "" || pl == en {
			t.Fatalf("want pl and en messages, got %q, %q", pl, en)
		}
		if _, ok := f.ValidatorText("lt"); ok {
			t.Fatal("validator ships no Lithuanian; the catalogue must translate it")
		}
	})
	t.Run("TextLengthKeys", func(t *testing.T) {
		f := fieldsOf(t, Validate(UserRequest{Email: "a@example.org", Name: "Ana", Role: RoleOrganiser, Password: "short"}))
		if got := f["password"]; got.Key != "min_length" || got.Param != "8" {
			t.Fatalf("password: %+v", got)
		}
		a := validActivity()
		a.Venue.Name = strings.Repeat("x", 201)
		if got := fieldsOf(t, Validate(a))["venue.name"]; got.Key != "max_length" || got.Param != "200" {
			t.Fatalf("venue.name: %+v", fieldsOf(t, Validate(a)))
		}
	})
	t.Run("RepeatCountZeroIsMin", func(t *testing.T) {
		for _, n := range []int{0, -1} {
			got := fieldsOf(t, Validate(RepeatRequest{Frequency: "weekly", Count: n}))["count"]
			if got.Key != "min" || got.Param != "1" {
				t.Fatalf("count %d: %+v", n, got)
			}
		}
	})
}
