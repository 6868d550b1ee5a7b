package models

import "testing"

func TestSeatPredicates(t *testing.T) {
	cases := []struct {
		name                  string
		capacity, taken       int
		left                  int
		fitsUpTo              int // the largest party that fits (0: none)
		lowestCapacityAllowed int
	}{
		{"Empty", 3, 0, 3, 3, 0},
		{"OneFree", 3, 2, 1, 1, 2},
		{"Full", 3, 3, 0, 0, 3},
		// A manager's walk-ins past capacity (or imported data) may hold
		// more than the capacity: nothing fits, nothing is negative, and
		// the capacity may not drop further, but may stay as it is (the
		// activity stays editable).
		{"Overbooked", 3, 5, 0, 0, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := &Activity{Capacity: c.capacity, SeatsTaken: c.taken}
			if got := a.SeatsLeft(); got != c.left {
				t.Fatalf("SeatsLeft = %d, want %d", got, c.left)
			}
			for party := 1; party <= c.capacity+1; party++ {
				if got, want := a.Fits(party), party <= c.fitsUpTo; got != want {
					t.Errorf("Fits(%d) = %v, want %v", party, got, want)
				}
			}
			// A party of 2 holding seats may always shrink, and grow by
			// what fits.
			for to := 1; to <= 2+c.capacity; to++ {
				if got, want := a.FitsResize(2, to), to <= 2+c.fitsUpTo; got != want {
					t.Errorf("FitsResize(2, %d) = %v, want %v", to, got, want)
				}
			}
			for n := 0; n <= c.capacity+3; n++ {
				err := a.CanSetCapacity(n)
				if n >= c.lowestCapacityAllowed && err != nil {
					t.Errorf("CanSetCapacity(%d) = %v, want nil", n, err)
				}
				if n < c.lowestCapacityAllowed && !IsCode(err, ErrCapacityBelowTaken) {
					t.Errorf("CanSetCapacity(%d) = %v, want %s", n, err, ErrCapacityBelowTaken)
				}
			}
		})
	}
}
