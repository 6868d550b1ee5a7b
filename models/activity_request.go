package models

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// NullableTime is a time in a request body that may be absent, null or an
// RFC 3339 time with an offset. Set tells "absent" (leave unchanged) from
// null (clear). A value of any other shape is a type error that names the
// field, like any other wrongly typed value.
type NullableTime struct {
	Set  bool
	Time *time.Time
}

// UnmarshalJSON accepts null or an RFC 3339 string.
func (t *NullableTime) UnmarshalJSON(b []byte) error {
	t.Set = true
	if string(b) == "null" {
		t.Time = nil
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: "non-string", Type: reflect.TypeFor[time.Time]()}
	}
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "string", Type: reflect.TypeFor[time.Time]()}
	}
	t.Time = &v
	return nil
}

// VenuePatch changes some fields of a venue; nil fields stay as they are.
type VenuePatch struct {
	Name          *string   `json:"name"`
	Address       *string   `json:"address"`
	Accessibility *FlexText `json:"accessibility"`
	OnlineURL     *string   `json:"online_url"`
}

// ActivityRequest is the body of creating (POST) and changing (PATCH) an
// activity. Every field is optional in the type: absent fields keep the
// activity's value (on creation, its default), and Required lists what
// creation cannot do without. The activity object's read-only fields are
// accepted and ignored, so a client may send back what it read.
type ActivityRequest struct {
	OrganisationID       *string       `json:"organisation_id"`
	Kind                 *string       `json:"kind"`
	Title                *Text         `json:"title"`
	Description          *Text         `json:"description"`
	Languages            *[]string     `json:"languages"`
	StartsAt             NullableTime  `json:"starts_at"`
	EndsAt               NullableTime  `json:"ends_at"`
	Timezone             *string       `json:"timezone"`
	Venue                *VenuePatch   `json:"venue"`
	Capacity             *int          `json:"capacity"`
	MaxPartySize         *int          `json:"max_party_size"`
	Waitlist             *bool         `json:"waitlist"`
	RegistrationOpensAt  NullableTime  `json:"registration_opens_at"`
	RegistrationClosesAt NullableTime  `json:"registration_closes_at"`
	Questions            *[]Question   `json:"questions"`
	WaitlistMode         *string       `json:"waitlist_mode"`
	OfferHours           *float64      `json:"offer_hours"`
	OfferCutoffHours     *float64      `json:"offer_cutoff_hours"`
	DrawAt               NullableTime  `json:"draw_at"`
	ReadOnlyDrawnAt      readOnlyField `json:"drawn_at"`
	ReadOnlyID           readOnlyField `json:"id"`
	ReadOnlyStatus       readOnlyField `json:"status"`
	ReadOnlySeatsTaken   readOnlyField `json:"seats_taken"`
	ReadOnlySeatsLeft    readOnlyField `json:"seats_left"`
	ReadOnlyWaitlist     readOnlyField `json:"waitlist_count"`
	ReadOnlySeries       readOnlyField `json:"series_id"`
	ReadOnlyCreated      readOnlyField `json:"created_at"`
	ReadOnlyUpdated      readOnlyField `json:"updated_at"`
	ReadOnlyReason       readOnlyField `json:"cancel_reason"`
}

// readOnlyField swallows a field of the activity object that requests may
// carry but not change.
type readOnlyField struct{}

func (*readOnlyField) UnmarshalJSON([]byte) error { return nil }

// Required reports the fields creation needs and the request lacks, and
// the fields that may not be null: starts_at and ends_at.
func (r *ActivityRequest) Required(create bool) error {
	f := map[string]FieldError{}
	missing := func(path string, absent bool) {
		if absent {
			f[path] = FieldError{Key: "required"}
		}
	}
	if create {
		missing("kind", r.Kind == nil)
		missing("title", r.Title == nil)
		missing("capacity", r.Capacity == nil)
		missing("starts_at", !r.StartsAt.Set)
		missing("ends_at", !r.EndsAt.Set)
	}
	if r.OfferHours != nil && *r.OfferHours <= 0 {
		f["offer_hours"] = FieldError{Key: "positive"}
	}
	missing("starts_at", r.StartsAt.Set && r.StartsAt.Time == nil)
	missing("ends_at", r.EndsAt.Set && r.EndsAt.Time == nil)
	if len(f) == 0 {
		return nil
	}
	return Invalid(f)
}

// Patch applies the request to a. It changes only what the request
// carries; it does not validate (Validate(a) afterwards does) and never
// touches the organisation, status, seats or series. Texts are cleaned
// (see CleanText): titles, names, labels and options are one line;
// descriptions, the address and the accessibility note may have several.
func (r *ActivityRequest) Patch(a *Activity) {
	if r.Kind != nil {
		a.Kind = strings.TrimSpace(*r.Kind)
	}
	if r.Title != nil {
		a.Title = r.Title.CleanLines()
		a.SetSearchText()
	}
	if r.Description != nil {
		a.Description = r.Description.CleanText()
	}
	if r.Languages != nil {
		a.Languages = append([]string{}, *r.Languages...)
	}
	if r.StartsAt.Time != nil {
		a.StartsAt = r.StartsAt.Time.UTC()
	}
	if r.EndsAt.Time != nil {
		a.EndsAt = r.EndsAt.Time.UTC()
	}
	if r.Timezone != nil {
		a.Timezone = strings.TrimSpace(*r.Timezone)
	}
	if v := r.Venue; v != nil {
		set := func(dst *string, src *string, clean func(string) string) {
			if src != nil {
				*dst = strings.TrimSpace(clean(*src))
			}
		}
		set(&a.Venue.Name, v.Name, CleanLine)
		set(&a.Venue.Address, v.Address, CleanText)
		if v.Accessibility != nil {
			a.Venue.Accessibility = v.Accessibility.CleanText()
		}
		set(&a.Venue.OnlineURL, v.OnlineURL, CleanLine)
	}
	if r.Capacity != nil {
		a.Capacity = *r.Capacity
	}
	if r.MaxPartySize != nil {
		a.MaxPartySize = *r.MaxPartySize
	}
	if r.Waitlist != nil {
		a.Waitlist = *r.Waitlist
	}
	if r.RegistrationOpensAt.Set {
		a.RegistrationOpensAt = utcPtr(r.RegistrationOpensAt.Time)
	}
	if r.RegistrationClosesAt.Set {
		a.RegistrationClosesAt = utcPtr(r.RegistrationClosesAt.Time)
	}
	if r.WaitlistMode != nil {
		a.WaitlistMode = strings.TrimSpace(*r.WaitlistMode)
	}
	if r.OfferHours != nil {
		a.OfferHours = *r.OfferHours
	}
	if r.OfferCutoffHours != nil {
		a.OfferCutoffHours = *r.OfferCutoffHours
	}
	if r.DrawAt.Set {
		a.DrawAt = utcPtr(r.DrawAt.Time)
	}
	if r.Questions != nil {
		a.Questions = make([]Question, len(*r.Questions))
		for i, q := range *r.Questions {
			q.Label = q.Label.CleanLines()
			if q.Options != nil {
				opts := make([]Option, len(q.Options))
				for j, o := range q.Options {
					opts[j] = o.clean()
				}
				q.Options = opts
			}
			a.Questions[i] = q
		}
	}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// CancelActivityRequest is the body of cancelling an activity: the reason
// told to everyone who signed up, in one or more languages.
type CancelActivityRequest struct {
	Reason Text `json:"reason" validate:"required,min=1,dive,keys,lang,endkeys,required,max=2000"`
}

// Normalize cleans and trims the reason (see CleanText); it may have
// several lines.
func (r *CancelActivityRequest) Normalize() {
	r.Reason = r.Reason.CleanText()
}

// Repeat frequencies.
const (
	RepeatDaily   = "daily"
	RepeatWeekly  = "weekly"
	RepeatMonthly = "monthly"
)

// MaxRepeat is the most copies one repeat request makes: a year of weeks.
const MaxRepeat = 52

// RepeatRequest is the body of repeating an activity.
type RepeatRequest struct {
	Frequency string `json:"frequency" validate:"required,oneof=weekly daily monthly"`
	// Count has no "required": 0 (or absent) must fail min, whose message
	// says it must be at least 1, not that the field is missing.
	Count int `json:"count" validate:"min=1,max=52"`
	// SeriesSignup opens the series for one signup covering every date
	// (models.Series); absent or false leaves the series as it was.
	SeriesSignup bool `json:"series_signup"`
}
