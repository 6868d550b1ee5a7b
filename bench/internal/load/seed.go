package load

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/agora-events/agora/models"
)

// Organisation stores a new library to hold a bench's activities.
func Organisation(ctx context.Context, st Store, name string) (*models.Organisation, error) {
	org := &models.Organisation{ID: models.NewID(), Name: name, Slug: "bench-" + strings.ToLower(models.NewID()),
		Country: "PL", Timezone: "Europe/Warsaw", DefaultLanguage: "pl", CreatedAt: time.Now().UTC()}
	return org, st.InsertOrganisation(ctx, org)
}

// Activity returns a published activity of org starting at start, with a
// waiting list and parties of one, shaped like the demo catalogue's
// (texts in two languages, a venue with an address); the caller stores it.
func Activity(org *models.Organisation, title string, start time.Time, capacity int) models.Activity {
	now := time.Now().UTC()
	a := models.Activity{ID: models.NewID(), OrganisationID: org.ID, Kind: models.KindLunch,
		Title:       models.Text{"en": title, "pl": title + " (PL)"},
		Description: models.Text{"en": "Bring a dish from home and share it.", "pl": "Przynieś danie ze swojego kraju."},
		Languages:   []string{"pl", "en"}, StartsAt: start.UTC(), EndsAt: start.Add(2 * time.Hour).UTC(),
		Timezone: "Europe/Warsaw", Venue: models.Venue{Name: "Biblioteka, Czytelnia", Address: "ul. Przykładowa 1, Warszawa"},
		Capacity: capacity, MaxPartySize: 1, Waitlist: true, Status: models.StatusPublished,
		SeatHolders: []models.SeatHolder{}, CreatedAt: now, UpdatedAt: now}
	a.SetSearchText()
	return a
}

// PublishedActivity stores a published activity a week ahead with room
// for capacity people.
func PublishedActivity(ctx context.Context, st Store, capacity int) (*models.Activity, error) {
	org, err := Organisation(ctx, st, "Bench library")
	if err != nil {
		return nil, err
	}
	a := Activity(org, "International lunch", time.Now().Add(7*24*time.Hour), capacity)
	return &a, st.InsertActivity(ctx, &a)
}

// Signup returns the i-th signup of a for the store, in an active status
// (pending, confirmed), with the fields the use case fills (active key,
// manage token hash, nonce): for seeding and for store-level references
// that skip the use case.
func Signup(a *models.Activity, i int, status string) *models.Signup {
	now := time.Now().UTC()
	id := models.NewID()
	email := fmt.Sprintf("guest%d@example.org", i)
	return &models.Signup{ID: id, ActivityID: a.ID, OrganisationID: a.OrganisationID,
		Name: fmt.Sprintf("Guest %d", i), Email: email, PartySize: 1, Language: models.Languages()[i%len(models.Languages())],
		Status: status, ActiveKey: a.ID + "|" + email, ManageTokenHash: randomHex(),
		ConsentAt: now, CreatedAt: now.Add(time.Duration(i)), UpdatedAt: now}
}

func randomHex() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
