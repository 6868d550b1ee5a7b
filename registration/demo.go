package registration

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
)

// DemoOrganisationSlug is the slug of the sample library.
const DemoOrganisationSlug = "demo-library"

// SeedDemo fills an empty store with a sample library and a week or two of
// published activities of every kind, in several languages, so that a
// newcomer who starts Agora sees a living catalogue. A store holding any
// organisation or activity is left alone; it reports whether it seeded.
// The caller decides whether this store may be seeded at all.
func (s *Service) SeedDemo(ctx context.Context) (bool, error) {
	orgs, err := s.store.CountOrganisations(ctx)
	if err != nil {
		return false, err
	}
	acts, err := s.store.CountActivities(ctx)
	if err != nil || orgs > 0 || acts > 0 {
		return false, err
	}
	const zone = "Europe/Warsaw"
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return false, err
	}
	now := s.now().UTC()
	org := &models.Organisation{ID: models.NewID(), Name: "Biblioteka Miejska — Demo", Slug: DemoOrganisationSlug,
		Country: "PL", Timezone: zone, DefaultLanguage: "pl", CreatedAt: now}
	if err := s.store.InsertOrganisation(ctx, org); err != nil {
		if models.IsCode(err, models.ErrConflict) {
			return false, nil // another instance seeded first
		}
		return false, err
	}
	today := now.In(loc)
	for i, d := range demoActivities() {
		day := today.AddDate(0, 0, d.inDays)
		start := time.Date(day.Year(), day.Month(), day.Day(), d.hour, 0, 0, 0, loc)
		a := models.Activity{ID: models.NewID(), OrganisationID: org.ID, Kind: d.kind, Title: d.title,
			Description: d.description, Languages: d.languages, StartsAt: start.UTC(),
			EndsAt: start.Add(d.length).UTC(), Timezone: zone, Venue: d.venue, Capacity: d.capacity,
			MaxPartySize: d.party, Waitlist: true, Questions: d.questions, Status: models.StatusPublished,
			SeatHolders: []models.SeatHolder{}, CreatedAt: now.Add(time.Duration(i) * time.Millisecond), UpdatedAt: now}
		a.SetSearchText()
		if err := models.Validate(a); err != nil {
			return false, err
		}
		if err := s.store.InsertActivity(ctx, &a); err != nil {
			return false, err
		}
	}
	return true, nil
}

type demoActivity struct {
	kind               string
	inDays, hour       int
	length             time.Duration
	capacity, party    int
	languages          []string
	title, description models.Text
	venue              models.Venue
	questions          []models.Question
}

// demoActivities are the sample catalogue: every kind, texts in several
// languages, a choice question and an online workshop.
func demoActivities() []demoActivity {
	demoLibrary := models.Venue{Name: "Biblioteka Miejska, Czytelnia", Address: "ul. Przykładowa 1, Warszawa",
		Accessibility: models.PlainText("Step-free entrance from the courtyard; accessible toilet on the ground floor; hearing loop.")}
	return []demoActivity{
		{kind: models.KindLanguageCafe, inDays: 2, hour: 18, length: 2 * time.Hour, capacity: 20, party: 2,
			languages: []string{"pl", "en", "uk"},
			title: models.Text{"en": "Language café: Polish and English", "pl": "Kawiarenka językowa: polski i angielski",
				"uk": "Мовне кафе: польська та англійська"},
			description: models.Text{"en": "Practise Polish and English over tea with neighbours from everywhere.",
				"pl": "Rozmawiaj po polsku i angielsku przy herbacie z sąsiadami z całego świata.",
				"uk": "Практикуйте польську та англійську за чаєм із сусідами з усього світу."},
			venue: demoLibrary},
		{kind: models.KindLunch, inDays: 4, hour: 13, length: 2 * time.Hour, capacity: 30, party: 4,
			languages: []string{"pl", "en", "ar", "es"},
			title: models.Text{"en": "International lunch", "pl": "Międzynarodowy lunch", "ar": "غداء دولي",
				"es": "Almuerzo internacional"},
			description: models.Text{"en": "Bring a dish from home and share it.", "pl": "Przynieś danie ze swojego kraju.",
				"ar": "أحضر طبقًا من بلدك وشاركه معنا.", "es": "Trae un plato de tu país y compártelo."},
			venue: demoLibrary,
			questions: []models.Question{{ID: "diet", Type: models.QuestionChoice, Label: models.Text{"en": "Diet",
				"pl": "Dieta", "ar": "النظام الغذائي", "es": "Dieta"}, Options: models.PlainOptions("none", "vegetarian", "vegan", "halal")}}},
		{kind: models.KindEscapeGame, inDays: 6, hour: 17, length: 90 * time.Minute, capacity: 12, party: 6,
			languages: []string{"en", "pl"},
			title:     models.Text{"en": "Escape game in the archive", "pl": "Escape room w archiwum"},
			description: models.Text{"en": "Solve the librarian's riddles in teams before the clock runs out.",
				"pl": "Rozwiąż zagadki bibliotekarki w drużynach, zanim skończy się czas."},
			venue: demoLibrary},
		{kind: models.KindConference, inDays: 9, hour: 10, length: 6 * time.Hour, capacity: 80, party: 1,
			languages: []string{"en", "pl", "ru"},
			title: models.Text{"en": "Conference: welcoming cities", "pl": "Konferencja: miasta otwarte",
				"ru": "Конференция: открытые города"},
			description: models.Text{"en": "Libraries, NGOs and newcomers talk about what works.",
				"pl": "Biblioteki, NGO i nowi mieszkańcy o tym, co działa.",
				"ru": "Библиотеки, НКО и новые жители о том, что работает."},
			venue: models.Venue{Name: "Centrum Konferencyjne", Address: "ul. Przykładowa 10, Warszawa",
				Accessibility: models.PlainText("Lift to every floor; sign language interpretation on request.")}},
		{kind: models.KindWorkshop, inDays: 11, hour: 18, length: 2 * time.Hour, capacity: 15, party: 1,
			languages: []string{"en", "tr", "ro"},
			title: models.Text{"en": "Online workshop: writing a CV", "tr": "Çevrimiçi atölye: özgeçmiş yazmak",
				"ro": "Atelier online: cum scrii un CV"},
			description: models.Text{"en": "A hands-on webinar; the link comes with your confirmation.",
				"tr": "Uygulamalı bir web semineri; bağlantı onay e-postanızla gelir.",
				"ro": "Un webinar practic; linkul vine odată cu confirmarea."},
			venue: models.Venue{Name: "Online", OnlineURL: "https://meet.example.org/agora-cv-workshop"}},
		{kind: models.KindOther, inDays: 13, hour: 11, length: 3 * time.Hour, capacity: 25, party: 5,
			languages: []string{"en", "lt", "lv", "hr"},
			title: models.Text{"en": "Board games afternoon", "lt": "Stalo žaidimų popietė", "lv": "Galda spēļu pēcpusdiena",
				"hr": "Poslijepodne društvenih igara"},
			description: models.Text{"en": "Games from many countries; children welcome.",
				"lt": "Žaidimai iš įvairių šalių; vaikai laukiami.", "lv": "Spēles no daudzām valstīm; bērni laipni gaidīti.",
				"hr": "Igre iz mnogih zemalja; djeca su dobrodošla."},
			venue: demoLibrary},
		{kind: models.KindLanguageCafe, inDays: 16, hour: 18, length: 2 * time.Hour, capacity: 20, party: 2,
			languages: []string{"es", "pl", "en"},
			title: models.Text{"en": "Spanish–Polish language café", "es": "Café de idiomas español–polaco",
				"pl": "Kawiarenka językowa hiszpańsko-polska"},
			description: models.Text{"en": "Tapas, conversation and new friends.", "es": "Tapas, conversación y nuevos amigos.",
				"pl": "Tapas, rozmowy i nowe znajomości."},
			venue: demoLibrary},
	}
}
