package models

// The capacity rules of an activity. Each is decided here and nowhere
// else: registration calls these methods, and where a store must decide
// atomically inside its own conditional write (an SQL condition, a MongoDB
// filter), that condition names the method it mirrors and the
// conformance suite (store/storetest) proves that the two agree.

// SeatsLeft is the number of free seats, never negative.
func (a *Activity) SeatsLeft() int {
	if n := a.Capacity - a.SeatsTaken; n > 0 {
		return n
	}
	return 0
}

// Fits reports whether a party of that many people gets seats now: the
// whole party fits into the free seats. A party never takes part of the
// seats and waits for the rest; one that does not fit waits whole, and a
// smaller party behind it may still fit.
func (a *Activity) Fits(party int) bool {
	return a.SeatsTaken+party <= a.Capacity
}

// CanSetCapacity says whether the capacity may become n with the seats
// taken now: never lowered below them (capacity_below_taken), since
// nobody holding seats loses them to an edit. Keeping or raising it is
// always allowed (raising lets waiting parties in), even when a manager
// has seated people beyond it, so that such an activity stays editable.
func (a *Activity) CanSetCapacity(n int) error {
	if n < a.SeatsTaken && n < a.Capacity {
		return Errorf(ErrCapacityBelowTaken, "capacity %d below %d taken", n, a.SeatsTaken)
	}
	return nil
}

// FitsResize reports whether a party holding seats may become to people
// instead of from: shrinking always may; growing only when the added
// people fit into the free seats (Fits), since the party keeps what it
// holds and never waits for the rest.
func (a *Activity) FitsResize(from, to int) bool {
	return to <= from || a.Fits(to-from)
}
