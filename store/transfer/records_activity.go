package transfer

import (
	"github.com/agora-events/agora/models"
)

type venueRecord struct {
	Name          string          `json:"name"`
	Address       string          `json:"address,omitempty"`
	Accessibility models.FlexText `json:"accessibility,omitzero"` // a string, or by language
	OnlineURL     string          `json:"online_url,omitempty"`
}

type questionRecord struct {
	ID       string          `json:"id"`
	Type     string          `json:"type"`
	Label    models.Text     `json:"label"`
	Required bool            `json:"required"`
	Options  []models.Option `json:"options,omitempty"` // strings, or {"id", "label"}
}

// placeRecord is a seat holder or a waiting signup with its party.
type placeRecord struct {
	SignupID string `json:"signup_id"`
	Party    int    `json:"party"`
	// Queue orders the waiting list (models.SeatHolder.Queue).
	Queue int64 `json:"queue,omitempty"`
}

type activityRecord struct {
	ID                   string           `json:"id"`
	OrganisationID       string           `json:"organisation_id"`
	Kind                 string           `json:"kind"`
	Title                models.Text      `json:"title"`
	Description          models.Text      `json:"description,omitempty"`
	Languages            []string         `json:"languages,omitempty"`
	StartsAt             stamp            `json:"starts_at"`
	EndsAt               stamp            `json:"ends_at"`
	Timezone             string           `json:"timezone"`
	Venue                venueRecord      `json:"venue"`
	Capacity             int              `json:"capacity"`
	MaxPartySize         int              `json:"max_party_size"`
	Waitlist             bool             `json:"waitlist"`
	RegistrationOpensAt  *stamp           `json:"registration_opens_at,omitempty"`
	RegistrationClosesAt *stamp           `json:"registration_closes_at,omitempty"`
	Questions            []questionRecord `json:"questions,omitempty"`
	WaitlistMode         string           `json:"waitlist_mode,omitempty"`
	OfferHours           float64          `json:"offer_hours,omitempty"`
	OfferCutoffHours     float64          `json:"offer_cutoff_hours,omitempty"`
	DrawAt               *stamp           `json:"draw_at,omitempty"`
	DrawnAt              *stamp           `json:"drawn_at,omitempty"`
	Status               string           `json:"status"`
	CancelReason         models.Text      `json:"cancel_reason,omitempty"`
	TellPending          bool             `json:"tell_pending,omitempty"`
	// Revision is the SEQUENCE of attendees' calendar files: kept, so
	// that a file sent after a move never goes below one sent before.
	Revision     int                  `json:"revision,omitempty"`
	ChangeNotice *models.ChangeNotice `json:"change_notice,omitempty"`
	// SeatHolders, in the order they took their seats, and WaitingList,
	// in signup order, are the truth of the seats: an importer derives
	// the taken seats and the waiting count from them.
	SeatHolders          []placeRecord `json:"seat_holders,omitempty"`
	WaitingList          []placeRecord `json:"waiting_list,omitempty"`
	SeriesID             *string       `json:"series_id,omitempty"`
	SearchText           string        `json:"search_text"`
	RemindersQueuedAt    *stamp        `json:"reminders_queued_at,omitempty"`
	PersonalDataErasedAt *stamp        `json:"personal_data_erased_at,omitempty"`
	CreatedAt            stamp         `json:"created_at"`
	UpdatedAt            stamp         `json:"updated_at"`
}

func activityRecordOf(x *Activity) activityRecord {
	a := &x.Activity
	r := activityRecord{ID: a.ID, OrganisationID: a.OrganisationID, Kind: a.Kind, Title: a.Title,
		Description: a.Description, Languages: a.Languages, StartsAt: stamp(a.StartsAt), EndsAt: stamp(a.EndsAt),
		Timezone: a.Timezone, Venue: venueRecord(a.Venue), Capacity: a.Capacity, MaxPartySize: a.MaxPartySize,
		Waitlist: a.Waitlist, RegistrationOpensAt: stampOf(a.RegistrationOpensAt),
		RegistrationClosesAt: stampOf(a.RegistrationClosesAt), WaitlistMode: a.WaitlistMode, OfferHours: a.OfferHours,
		OfferCutoffHours: a.OfferCutoffHours, DrawAt: stampOf(a.DrawAt), DrawnAt: stampOf(a.DrawnAt), Status: a.Status, CancelReason: a.CancelReason,
		TellPending: a.TellPending, Revision: a.Revision, ChangeNotice: a.ChangeNotice, SeatHolders: placeRecords(a.SeatHolders), WaitingList: placeRecords(a.WaitingList), SeriesID: a.SeriesID,
		SearchText: a.SearchText, RemindersQueuedAt: stampOf(x.RemindersQueuedAt),
		PersonalDataErasedAt: stampOf(x.PersonalDataErasedAt), CreatedAt: stamp(a.CreatedAt), UpdatedAt: stamp(a.UpdatedAt)}
	for _, q := range a.Questions {
		r.Questions = append(r.Questions, questionRecord(q))
	}
	return r
}

func (r *activityRecord) key() string { return r.ID }

func (r *activityRecord) model() *Activity {
	a := models.Activity{ID: r.ID, OrganisationID: r.OrganisationID, Kind: r.Kind, Title: r.Title,
		Description: orNilText(r.Description), Languages: orNilList(r.Languages), StartsAt: r.StartsAt.time(),
		EndsAt: r.EndsAt.time(), Timezone: r.Timezone, Venue: models.Venue(r.Venue), Capacity: r.Capacity,
		MaxPartySize: r.MaxPartySize, Waitlist: r.Waitlist, RegistrationOpensAt: timeOf(r.RegistrationOpensAt),
		RegistrationClosesAt: timeOf(r.RegistrationClosesAt), WaitlistMode: r.WaitlistMode, OfferHours: r.OfferHours,
		OfferCutoffHours: r.OfferCutoffHours, DrawAt: timeOf(r.DrawAt), DrawnAt: timeOf(r.DrawnAt), Status: r.Status, CancelReason: orNilText(r.CancelReason),
		TellPending: r.TellPending, Revision: r.Revision, ChangeNotice: r.ChangeNotice, SeatHolders: seatHolders(r.SeatHolders), WaitingList: orNilList(seatHolders(r.WaitingList)),
		SeriesID: r.SeriesID, SearchText: r.SearchText, CreatedAt: r.CreatedAt.time(), UpdatedAt: r.UpdatedAt.time()}
	for _, q := range r.Questions {
		a.Questions = append(a.Questions, models.Question(q))
	}
	return &Activity{Activity: a, RemindersQueuedAt: timeOf(r.RemindersQueuedAt),
		PersonalDataErasedAt: timeOf(r.PersonalDataErasedAt)}
}

func placeRecords(hs []models.SeatHolder) []placeRecord {
	var out []placeRecord
	for _, h := range hs {
		out = append(out, placeRecord(h))
	}
	return out
}

// seatHolders is never nil: an activity always has its list of holders.
func seatHolders(ps []placeRecord) []models.SeatHolder {
	out := make([]models.SeatHolder, 0, len(ps))
	for _, p := range ps {
		out = append(out, models.SeatHolder(p))
	}
	return out
}

type attachmentRecord struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"` // base64
	ContentID   string `json:"content_id,omitempty"`
}

// emailRecord is an email with its body and where its delivery stands.
// A sent email has no body: the stores drop it once sent.
type emailRecord struct {
	ID              string             `json:"id"`
	DedupKey        string             `json:"dedup_key"`
	Kind            string             `json:"kind"`
	Language        string             `json:"language"`
	To              string             `json:"to"`
	ToName          string             `json:"to_name,omitempty"`
	Subject         string             `json:"subject"`
	Text            string             `json:"text,omitempty"`
	HTML            string             `json:"html,omitempty"`
	Attachments     []attachmentRecord `json:"attachments,omitempty"`
	HeaderMessageID string             `json:"header_message_id"`
	Status          string             `json:"status"`
	Attempts        int                `json:"attempts"`
	NextAttemptAt   stamp              `json:"next_attempt_at"`
	// LeaseUntil and Claims are the lease of an email being sent; the
	// lease's token belongs to the process that took it and is not kept.
	LeaseUntil     *stamp `json:"lease_until,omitempty"`
	Claims         int    `json:"claims,omitempty"`
	LastError      string `json:"last_error,omitempty"`
	OrganisationID string `json:"organisation_id,omitempty"`
	ActivityID     string `json:"activity_id,omitempty"`
	SignupID       string `json:"signup_id,omitempty"`
	MessageID      string `json:"message_id,omitempty"`
	LinkTokenHash  string `json:"link_token_hash,omitempty"`
	ReplyTo        string `json:"reply_to,omitempty"`
	CreatedAt      stamp  `json:"created_at"`
	UpdatedAt      stamp  `json:"updated_at"`
	SentAt         *stamp `json:"sent_at,omitempty"`
	ErasedAt       *stamp `json:"erased_at,omitempty"`
}

func emailRecordOf(x *Email) emailRecord {
	e := &x.OutboxEmail
	r := emailRecord{ID: e.ID, DedupKey: e.DedupKey, Kind: e.Kind, Language: e.Language, To: e.To, ToName: e.ToName,
		Subject: e.Subject, Text: e.Text, HTML: e.HTML, HeaderMessageID: e.HeaderMessageID, Status: e.Status,
		Attempts: e.Attempts, NextAttemptAt: stamp(e.NextAttemptAt), LeaseUntil: stampOf(&e.LeaseUntil),
		Claims: e.Claims, LastError: e.LastError, OrganisationID: e.OrganisationID, ActivityID: e.ActivityID,
		SignupID: e.SignupID, MessageID: e.MessageID, LinkTokenHash: e.LinkTokenHash, ReplyTo: e.ReplyTo, CreatedAt: stamp(e.CreatedAt),
		UpdatedAt: stamp(e.UpdatedAt), SentAt: stampOf(e.SentAt), ErasedAt: stampOf(x.ErasedAt)}
	for _, a := range e.Attachments {
		r.Attachments = append(r.Attachments, attachmentRecord(a))
	}
	return r
}

func (r *emailRecord) key() string { return r.ID }

func (r *emailRecord) model() *Email {
	e := models.OutboxEmail{ID: r.ID, DedupKey: r.DedupKey, Kind: r.Kind, Language: r.Language, To: r.To,
		ToName: r.ToName, Subject: r.Subject, Text: r.Text, HTML: r.HTML, HeaderMessageID: r.HeaderMessageID,
		Status: r.Status, Attempts: r.Attempts, NextAttemptAt: r.NextAttemptAt.time(), Claims: r.Claims,
		LastError: r.LastError, OrganisationID: r.OrganisationID, ActivityID: r.ActivityID, SignupID: r.SignupID,
		MessageID: r.MessageID, LinkTokenHash: r.LinkTokenHash, ReplyTo: r.ReplyTo, CreatedAt: r.CreatedAt.time(),
		UpdatedAt: r.UpdatedAt.time(),
		SentAt:    timeOf(r.SentAt)}
	if r.LeaseUntil != nil {
		e.LeaseUntil = r.LeaseUntil.time()
	}
	for _, a := range r.Attachments {
		e.Attachments = append(e.Attachments, models.Attachment(a))
	}
	return &Email{OutboxEmail: e, ErasedAt: timeOf(r.ErasedAt)}
}
