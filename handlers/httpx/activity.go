package httpx

import (
	"context"
	"strconv"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// Activity is an activity as the pages show it, its texts picked in
// the reader's language.
type Activity struct {
	ID, Kind, Status, TZ                            string
	Title, Description, CancelReason, Accessibility LText
	StartsAt, EndsAt                                time.Time
	VenueName, Address                              string
	Languages                                       []string
	SeatsLeft, WaitlistCount                        int
	Waitlist                                        bool
	// Offers says freed seats are offered for OfferHours (hours, as
	// written) rather than given; OfferCutoff is when offers stop, in
	// hours before the start.
	Offers                  bool
	OfferHours, OfferCutoff string
	// DrawAt is when the draw of places is made, written in the reader's
	// language ("" when the activity has no draw to come).
	DrawAt  string
	OrgName string
	// OrgLanguage is the organisation's default language: the second
	// step of web.Pick's fallback for any other text of the activity.
	OrgLanguage string
	// Contact is how to reach the organiser, and MapURL the map of the
	// address ("" without one): see ContactView and MapURL.
	Contact ContactView
	MapURL  string
}

// OrgCache remembers, for one request, the organisations looked up.
type OrgCache map[string]*models.Organisation

// Organisation returns an activity's organisation, nil when it is gone.
func (s *Server) Organisation(ctx context.Context, cache OrgCache, id string) (*models.Organisation, error) {
	if o, ok := cache[id]; ok {
		return o, nil
	}
	o, err := s.Reg.OrganisationByRef(ctx, id)
	if err != nil && !models.IsCode(err, models.ErrNotFound) {
		return nil, err
	}
	cache[id] = o
	return o, nil
}

// ShowActivity presents an activity in lang: texts in the reader's
// language, else the organisation's default language, else any.
func (s *Server) ShowActivity(ctx context.Context, cache OrgCache, a *registration.ActivityView, lang string) (Activity, error) {
	o, err := s.Organisation(ctx, cache, a.OrganisationID)
	if err != nil {
		return Activity{}, err
	}
	fallback, orgName, contact := models.DefaultLanguage, "", ContactView{}
	if o != nil {
		fallback, orgName, contact = o.DefaultLanguage, o.Name, ShowContact(o.Contact)
	}
	drawAt := ""
	if a.DrawPending() {
		drawAt = s.Catalog.DateTime(lang, *a.DrawAt, a.Timezone)
	}
	return Activity{
		DrawAt: drawAt,
		ID:     a.ID, Kind: a.Kind, Status: a.Status, TZ: a.Timezone, OrgLanguage: fallback,
		Title:        Pick(a.Title, lang, fallback),
		Description:  Pick(a.Description, lang, fallback),
		CancelReason: Pick(a.CancelReason, lang, fallback),
		StartsAt:     a.StartsAt, EndsAt: a.EndsAt,
		Accessibility: PickFlex(a.Venue.Accessibility, lang, fallback),
		VenueName:     a.Venue.Name, Address: a.Venue.Address,
		Languages: a.Languages, SeatsLeft: a.SeatsLeft, WaitlistCount: a.WaitlistCount,
		Waitlist: a.Waitlist, Offers: a.Offers(), OfferHours: strconv.FormatFloat(a.OfferHours, 'f', -1, 64),
		OfferCutoff: strconv.FormatFloat(a.OfferCutoffHours, 'f', -1, 64), OrgName: orgName, Contact: contact, MapURL: MapURL(a.Venue.Address),
	}, nil
}
