package models

import (
	"reflect"
	"testing"
	"time"
)

// occurrenceState are the fields of Activity that belong to one
// occurrence and must not travel to a new one; every other field is part
// of the definition. A field added to Activity must be put in one of the
// two lists here, and, if it is definition, into NewOccurrence.
var (
	occurrenceState = []string{"ID", "Status", "CancelReason", "TellPending", "SeatsTaken", "SeatHolders", "WaitingList",
		"WaitlistCount", "SeriesID", "CreatedAt", "UpdatedAt", "Revision", "ChangeNotice", "DrawnAt"}
	definitionFields = []string{"OrganisationID", "Kind", "Title", "Description", "Languages", "StartsAt", "EndsAt",
		"Timezone", "Venue", "Capacity", "MaxPartySize", "Waitlist", "RegistrationOpensAt", "RegistrationClosesAt",
		"Questions", "SearchText", "WaitlistMode", "OfferHours", "OfferCutoffHours", "DrawAt"}
)

func TestActivityFieldsAreClassified(t *testing.T) {
	known := map[string]bool{}
	for _, f := range append(append([]string{}, occurrenceState...), definitionFields...) {
		known[f] = true
	}
	typ := reflect.TypeFor[Activity]()
	for i := range typ.NumField() {
		if name := typ.Field(i).Name; !known[name] {
			t.Errorf("Activity.%s is neither definition nor occurrence state: decide, here and in NewOccurrence", name)
		}
	}
}

func TestNewOccurrence(t *testing.T) {
	start := time.Date(2030, 3, 5, 17, 0, 0, 0, time.UTC)
	opens, closes, draw := start.Add(-72*time.Hour), start.Add(-time.Hour), start.Add(-48*time.Hour)
	series := "series"
	src := Activity{ID: "src", OrganisationID: "org", Kind: KindWorkshop,
		Title: Text{"en": "Knitting"}, Description: Text{"en": "Bring needles"}, Languages: []string{"en", "pl"},
		StartsAt: start, EndsAt: start.Add(2 * time.Hour), Timezone: "Europe/Warsaw",
		Venue:    Venue{Name: "Hall", Address: "Rynek 1", Accessibility: PlainText("Step-free"), OnlineURL: "https://x.example.org"},
		Capacity: 1, MaxPartySize: 1, Waitlist: true, RegistrationOpensAt: &opens, RegistrationClosesAt: &closes,
		DrawAt: &draw, WaitlistMode: WaitlistOffer, OfferHours: 2, OfferCutoffHours: 1,
		Questions: []Question{{ID: "diet", Type: QuestionChoice, Label: Text{"en": "Diet"}, Options: PlainOptions("none")}},
		Status:    StatusPublished, CancelReason: Text{"en": "no"}, SeatsTaken: 1,
		SeatHolders: []SeatHolder{{SignupID: "a", Party: 1}}, WaitingList: []SeatHolder{{SignupID: "b", Party: 1}},
		WaitlistCount: 1, SeriesID: &series, CreatedAt: start.Add(-999 * time.Hour), UpdatedAt: start.Add(-99 * time.Hour)}
	src.SetSearchText()
	now := start.Add(-500 * time.Hour)
	week := func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }
	c := src.NewOccurrence("copy", week, now)

	v, sv := reflect.ValueOf(c), reflect.ValueOf(src)
	for _, name := range definitionFields {
		got, want := v.FieldByName(name).Interface(), sv.FieldByName(name).Interface()
		switch w := want.(type) {
		case time.Time:
			want = week(w)
		case *time.Time:
			shifted := week(*w)
			want = &shifted
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if c.ID != "copy" || c.Status != StatusDraft || c.CancelReason != nil || c.SeatsTaken != 0 ||
		len(c.SeatHolders) != 0 || c.SeatHolders == nil || c.WaitingList != nil || c.WaitlistCount != 0 ||
		c.SeriesID != nil || !c.CreatedAt.Equal(now) || !c.UpdatedAt.Equal(now) {
		t.Errorf("occurrence state travelled: %+v", c)
	}
	c.Title["en"], c.Languages[0], c.Questions[0].Label["en"], c.Questions[0].Options[0] = "x", "x", "x", Option{ID: "x"}
	if src.Title["en"] != "Knitting" || src.Languages[0] != "en" || src.Questions[0].Label["en"] != "Diet" ||
		src.Questions[0].Options[0].ID != "none" {
		t.Error("the occurrence shares maps or lists with the original")
	}
}
