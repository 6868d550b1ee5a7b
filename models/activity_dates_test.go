package models

import (
	"errors"
	"testing"
	"time"
)

func TestCheckSchedule(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ok := Activity{StartsAt: at("2026-12-08T17:00:00Z"), EndsAt: at("2026-12-08T19:00:00Z")}
	if err := ok.CheckSchedule(now); err != nil {
		t.Fatalf("inside the window: %v", err)
	}
	edge := Activity{StartsAt: at("2000-01-01T00:00:00Z"), EndsAt: at("2036-12-01T12:00:00Z")}
	if err := edge.CheckSchedule(now); err != nil {
		t.Fatalf("on the edges: %v", err)
	}
	old := at("1999-12-31T23:59:59Z")
	bad := Activity{StartsAt: at("9999-12-31T18:00:00Z"), EndsAt: at("2036-12-01T12:00:01Z"), RegistrationOpensAt: &old}
	var e *Error
	if err := bad.CheckSchedule(now); !errors.As(err, &e) || e.Code != ErrValidationFailed {
		t.Fatalf("want validation_failed, got %v", err)
	}
	want := map[string]FieldError{
		"starts_at":             {Key: "date_too_late", Param: "2036-12-01"},
		"ends_at":               {Key: "date_too_late", Param: "2036-12-01"},
		"registration_opens_at": {Key: "date_too_early", Param: "2000-01-01"},
	}
	if len(e.Fields) != len(want) {
		t.Fatalf("fields %v, want %v", e.Fields, want)
	}
	for p, f := range want {
		if got := e.Fields[p]; got.Key != f.Key || got.Param != f.Param {
			t.Errorf("%s: %+v, want %+v", p, got, f)
		}
	}
}
