package models

import (
	"maps"
	"slices"
	"time"
)

// An activity is a definition — what organisers describe and people read
// before they sign up — and the state of one occurrence of it: its id,
// status, seats and seat holders, waiting list, cancellation, series and
// timestamps. A repeat makes new occurrences of the definition; nothing of
// the state of the one repeated may travel with them, or the copies would
// hold its seats and "promote" its waiting people on the wrong date.

// NewOccurrence returns a new draft activity with a's definition: its
// organisation, kind, texts, languages, time zone, venue, capacity, party
// size, waiting list setting and questions, its times (starts, ends and
// the registration window) moved by shift. It has none of a's state: no
// seats taken, no seat holders, no waiting list, no cancel reason, no
// series. It is built from the definition's fields one by one, never by
// copying a, so a field added to Activity later stays out of the copies
// until it is named here. Nothing is shared with a: maps and lists are
// copied.
func (a *Activity) NewOccurrence(id string, shift func(time.Time) time.Time, now time.Time) Activity {
	c := Activity{
		ID:                   id,
		OrganisationID:       a.OrganisationID,
		Kind:                 a.Kind,
		Title:                maps.Clone(a.Title),
		Description:          maps.Clone(a.Description),
		Languages:            slices.Clone(a.Languages),
		StartsAt:             shift(a.StartsAt),
		EndsAt:               shift(a.EndsAt),
		Timezone:             a.Timezone,
		Venue:                a.Venue,
		Capacity:             a.Capacity,
		MaxPartySize:         a.MaxPartySize,
		Waitlist:             a.Waitlist,
		RegistrationOpensAt:  shiftPtr(a.RegistrationOpensAt, shift),
		RegistrationClosesAt: shiftPtr(a.RegistrationClosesAt, shift),
		Questions:            cloneQuestions(a.Questions),
		WaitlistMode:         a.WaitlistMode,
		OfferHours:           a.OfferHours,
		OfferCutoffHours:     a.OfferCutoffHours,
		DrawAt:               shiftPtr(a.DrawAt, shift),
		Status:               StatusDraft,
		SeatHolders:          []SeatHolder{},
		CreatedAt:            now,
		UpdatedAt:            now,
	}
	c.SetSearchText()
	return c
}

func shiftPtr(t *time.Time, shift func(time.Time) time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := shift(*t)
	return &v
}

func cloneQuestions(qs []Question) []Question {
	if qs == nil {
		return nil
	}
	out := make([]Question, len(qs))
	for i, q := range qs {
		q.Label = maps.Clone(q.Label)
		q.Options = slices.Clone(q.Options)
		for j := range q.Options {
			q.Options[j].Label = maps.Clone(q.Options[j].Label)
		}
		out[i] = q
	}
	return out
}
