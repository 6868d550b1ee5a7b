package registration

import (
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func TestShiftWallClock(t *testing.T) {
	warsaw, _ := time.LoadLocation("Europe/Warsaw")
	cases := []struct {
		name, freq string
		from       time.Time
		n          int
		want       time.Time
	}{
		{"WeeklyAcrossSpringForward", models.RepeatWeekly, time.Date(2027, 3, 23, 18, 0, 0, 0, warsaw), 1, time.Date(2027, 3, 30, 18, 0, 0, 0, warsaw)},
		{"WeeklyAcrossFallBack", models.RepeatWeekly, time.Date(2027, 10, 26, 18, 0, 0, 0, warsaw), 1, time.Date(2027, 11, 2, 18, 0, 0, 0, warsaw)},
		{"DailyOverTheChange", models.RepeatDaily, time.Date(2027, 3, 27, 18, 0, 0, 0, warsaw), 2, time.Date(2027, 3, 29, 18, 0, 0, 0, warsaw)},
		{"MonthlyClampsTo28th", models.RepeatMonthly, time.Date(2027, 1, 31, 18, 0, 0, 0, warsaw), 1, time.Date(2027, 2, 28, 18, 0, 0, 0, warsaw)},
		{"MonthlyBackTo31st", models.RepeatMonthly, time.Date(2027, 1, 31, 18, 0, 0, 0, warsaw), 2, time.Date(2027, 3, 31, 18, 0, 0, 0, warsaw)},
		{"MonthlyOverNewYear", models.RepeatMonthly, time.Date(2027, 11, 15, 9, 30, 0, 0, warsaw), 3, time.Date(2028, 2, 15, 9, 30, 0, 0, warsaw)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ShiftWallClock(tc.from.UTC(), warsaw, tc.freq, tc.n)
			if !got.Equal(tc.want) {
				t.Fatalf("got %v, want %v", got.In(warsaw), tc.want)
			}
		})
	}
}
