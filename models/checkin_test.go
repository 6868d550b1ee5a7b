package models

import (
	"testing"
	"time"
)

func TestCheckInOpen(t *testing.T) {
	start := time.Date(2026, 3, 5, 18, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		before time.Duration
		want   bool
	}{
		{3 * time.Hour, false},
		{2*time.Hour + time.Second, false},
		{2 * time.Hour, true}, // the window's first instant
		{time.Hour, true},
		{-5 * time.Hour, true}, // after the end: corrections
	} {
		if got := CheckInOpen(start, start.Add(-c.before), DefaultCheckInOpensBefore); got != c.want {
			t.Errorf("%v before the start: open %v, want %v", c.before, got, c.want)
		}
	}
}
