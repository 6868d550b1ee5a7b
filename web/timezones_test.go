package web

import (
	"testing"
	"time"
)

func TestTimeZonesResolve(t *testing.T) {
	for _, id := range timeZones {
		if _, err := time.LoadLocation(id); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	winter := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	got := TimeZones("Asia/Kathmandu", winter)
	if len(got) != len(timeZones)+1 || got[0].ID != "Asia/Kathmandu" || got[0].Label != "Asia/Kathmandu (UTC+05:45)" {
		t.Fatalf("an unlisted current zone: %+v", got[:2])
	}
	if n := len(TimeZones("Mars/Base", winter)); n != len(timeZones) {
		t.Errorf("an unknown zone was offered (%d zones)", n)
	}
	for _, z := range TimeZones("", winter) {
		if z.ID == "Europe/Isle_of_Man" && z.Label != "Europe/Isle of Man (UTC+00:00)" {
			t.Errorf("label %q", z.Label)
		}
	}
}
