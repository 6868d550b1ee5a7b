package models

import (
	"testing"
	"time"
)

func TestStarted(t *testing.T) {
	start := time.Date(2026, 12, 8, 17, 0, 0, 0, time.UTC)
	a := &Activity{StartsAt: start}
	for _, c := range []struct {
		now  time.Time
		want bool
	}{{start.Add(-time.Nanosecond), false}, {start, true}, {start.Add(time.Hour), true}} {
		if got := a.Started(c.now); got != c.want {
			t.Errorf("Started(%s) = %v, want %v", c.now, got, c.want)
		}
		if got := a.RegistrationOpen(c.now); got == c.want {
			t.Errorf("RegistrationOpen(%s) = %v, want %v", c.now, got, !c.want)
		}
	}
}
