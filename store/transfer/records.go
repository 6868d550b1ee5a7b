package transfer

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/agora-events/agora/models"
)

// The records below are the lines of an export. Their fields are named as
// the stores name them (the MongoDB documents' fields, the SQLite
// columns), and every field of the model is written, secrets included:
// an export is as sensitive as the database. Empty lists and texts are
// left out, so that nil and empty, which the stores do not tell apart,
// export alike.

// stamp is a time in an export: UTC, milliseconds, fixed width.
type stamp time.Time

const stampLayout = "2006-01-02T15:04:05.000Z"

func (t stamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format(stampLayout) + `"`), nil
}

func (t *stamp) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a time must be a string like %q", stampLayout)
	}
	v, err := time.Parse(stampLayout, s)
	if err != nil {
		return fmt.Errorf("time %q is not like %q", s, stampLayout)
	}
	*t = stamp(v)
	return nil
}

func (t stamp) time() time.Time { return time.Time(t).UTC() }

// stampOf returns nil for nil and for the zero time (no lease, say).
func stampOf(t *time.Time) *stamp {
	if t == nil || t.IsZero() {
		return nil
	}
	s := stamp(*t)
	return &s
}

func timeOf(s *stamp) *time.Time {
	if s == nil {
		return nil
	}
	t := s.time()
	return &t
}

type organisationRecord struct {
	ID              string        `json:"id"`
	Slug            string        `json:"slug"`
	Name            string        `json:"name"`
	Country         string        `json:"country"`
	Timezone        string        `json:"timezone"`
	DefaultLanguage string        `json:"default_language"`
	Contact         contactRecord `json:"contact,omitzero"`
	CreatedAt       stamp         `json:"created_at"`
}

type contactRecord struct {
	Email   string `json:"email,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Website string `json:"website,omitempty"`
}

func organisationRecordOf(o *models.Organisation) organisationRecord {
	return organisationRecord{ID: o.ID, Slug: o.Slug, Name: o.Name, Country: o.Country, Timezone: o.Timezone,
		DefaultLanguage: o.DefaultLanguage, Contact: contactRecord(o.Contact), CreatedAt: stamp(o.CreatedAt)}
}

func (r *organisationRecord) key() string { return r.ID }

func (r *organisationRecord) model() *models.Organisation {
	return &models.Organisation{ID: r.ID, Slug: r.Slug, Name: r.Name, Country: r.Country, Timezone: r.Timezone,
		DefaultLanguage: r.DefaultLanguage, Contact: models.Contact(r.Contact), CreatedAt: r.CreatedAt.time()}
}

type userRecord struct {
	ID             string `json:"id"`
	Email          string `json:"email"`
	Name           string `json:"name"`
	Role           string `json:"role"`
	OrganisationID string `json:"organisation_id,omitempty"`
	PasswordHash   string `json:"password_hash"`
	Disabled       bool   `json:"disabled"`
	CreatedAt      stamp  `json:"created_at"`
}

func userRecordOf(u *models.User) userRecord {
	return userRecord{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), OrganisationID: u.OrganisationID,
		PasswordHash: u.PasswordHash, Disabled: u.Disabled, CreatedAt: stamp(u.CreatedAt)}
}

func (r *userRecord) key() string { return r.ID }

func (r *userRecord) model() *models.User {
	return &models.User{ID: r.ID, Email: r.Email, Name: r.Name, Role: models.Role(r.Role),
		OrganisationID: r.OrganisationID, PasswordHash: r.PasswordHash, Disabled: r.Disabled, CreatedAt: r.CreatedAt.time()}
}

// tokenRecord is a session or a set-password link: a token's hash.
type tokenRecord struct {
	TokenHash string `json:"token_hash"`
	UserID    string `json:"user_id"`
	ExpiresAt stamp  `json:"expires_at"`
	CreatedAt stamp  `json:"created_at"`
}

func (r *tokenRecord) key() string { return r.TokenHash }

func sessionRecordOf(s *models.Session) tokenRecord {
	return tokenRecord{TokenHash: s.TokenHash, UserID: s.UserID, ExpiresAt: stamp(s.ExpiresAt), CreatedAt: stamp(s.CreatedAt)}
}

func (r *tokenRecord) session() *models.Session {
	return &models.Session{TokenHash: r.TokenHash, UserID: r.UserID, ExpiresAt: r.ExpiresAt.time(), CreatedAt: r.CreatedAt.time()}
}

func invitationRecordOf(i *models.Invitation) tokenRecord {
	return tokenRecord{TokenHash: i.TokenHash, UserID: i.UserID, ExpiresAt: stamp(i.ExpiresAt), CreatedAt: stamp(i.CreatedAt)}
}

func (r *tokenRecord) invitation() *models.Invitation {
	return &models.Invitation{TokenHash: r.TokenHash, UserID: r.UserID, ExpiresAt: r.ExpiresAt.time(), CreatedAt: r.CreatedAt.time()}
}

type signupRecord struct {
	ID              string         `json:"id"`
	ActivityID      string         `json:"activity_id"`
	OrganisationID  string         `json:"organisation_id"`
	Name            string         `json:"name"`
	Email           string         `json:"email"`
	Phone           string         `json:"phone,omitempty"`
	PartySize       int            `json:"party_size"`
	Language        string         `json:"language"`
	Answers         map[string]any `json:"answers,omitempty"`
	Status          string         `json:"status"`
	ActiveKey       string         `json:"active_key"`
	ManageTokenHash string         `json:"manage_token_hash"`
	CancelledAt     *stamp         `json:"cancelled_at,omitempty"`
	CancelledBy     string         `json:"cancelled_by,omitempty"`
	ConsentAt       stamp          `json:"consent_at"`
	CreatedAt       stamp          `json:"created_at"`
	UpdatedAt       stamp          `json:"updated_at"`
	ErasedAt        *stamp         `json:"erased_at,omitempty"`
	Source          string         `json:"source,omitempty"`
	PersonKey       string         `json:"person_key,omitempty"`
	SeriesSignupID  string         `json:"series_signup_id,omitempty"`
	OfferExpiresAt  *stamp         `json:"offer_expires_at,omitempty"`
}

func signupRecordOf(su *models.Signup) signupRecord {
	return signupRecord{ID: su.ID, ActivityID: su.ActivityID, OrganisationID: su.OrganisationID, Name: su.Name,
		Email: su.Email, Phone: su.Phone, PartySize: su.PartySize, Language: su.Language, Answers: su.Answers,
		Status: su.Status, ActiveKey: su.ActiveKey, ManageTokenHash: su.ManageTokenHash,
		CancelledAt: stampOf(su.CancelledAt), CancelledBy: su.CancelledBy, ConsentAt: stamp(su.ConsentAt),
		CreatedAt: stamp(su.CreatedAt), UpdatedAt: stamp(su.UpdatedAt), ErasedAt: stampOf(su.ErasedAt),
		Source: su.Source, PersonKey: su.PersonKey,
		SeriesSignupID: su.SeriesSignupID, OfferExpiresAt: stampOf(su.OfferExpiresAt)}
}

func (r *signupRecord) key() string { return r.ID }

func (r *signupRecord) model() *models.Signup {
	return &models.Signup{ID: r.ID, ActivityID: r.ActivityID, OrganisationID: r.OrganisationID, Name: r.Name,
		Email: r.Email, Phone: r.Phone, PartySize: r.PartySize, Language: r.Language, Answers: orNilMap(r.Answers),
		Status: r.Status, ActiveKey: r.ActiveKey, ManageTokenHash: r.ManageTokenHash,
		CancelledAt: timeOf(r.CancelledAt), CancelledBy: r.CancelledBy, ConsentAt: r.ConsentAt.time(),
		CreatedAt: r.CreatedAt.time(), UpdatedAt: r.UpdatedAt.time(), ErasedAt: timeOf(r.ErasedAt),
		Source: r.Source, PersonKey: r.PersonKey,
		SeriesSignupID: r.SeriesSignupID, OfferExpiresAt: timeOf(r.OfferExpiresAt)}
}

type messageRecord struct {
	ID             string      `json:"id"`
	OrganisationID string      `json:"organisation_id"`
	ActivityID     string      `json:"activity_id"`
	Subject        models.Text `json:"subject,omitempty"`
	Body           models.Text `json:"body,omitempty"`
	Languages      []string    `json:"languages,omitempty"`
	Format         string      `json:"format"`
	Audience       []string    `json:"audience,omitempty"`
	Recipients     int         `json:"recipients"`
	Status         string      `json:"status"`
	CreatedBy      string      `json:"created_by"`
	CreatedAt      stamp       `json:"created_at"`
}

func messageRecordOf(m *models.Message) messageRecord {
	return messageRecord{ID: m.ID, OrganisationID: m.OrganisationID, ActivityID: m.ActivityID, Subject: m.Subject,
		Body: m.Body, Languages: m.Languages, Format: m.Format, Audience: m.Audience, Recipients: m.Recipients,
		Status: m.Status, CreatedBy: m.CreatedBy, CreatedAt: stamp(m.CreatedAt)}
}

func (r *messageRecord) key() string { return r.ID }

func (r *messageRecord) model() *models.Message {
	return &models.Message{ID: r.ID, OrganisationID: r.OrganisationID, ActivityID: r.ActivityID,
		Subject: orNilText(r.Subject), Body: orNilText(r.Body), Languages: orNilList(r.Languages), Format: r.Format,
		Audience: orNilList(r.Audience), Recipients: r.Recipients, Status: r.Status, CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt.time()}
}

type idempotencyRecord struct {
	KeyHash     string `json:"key_hash"`
	RequestHash string `json:"request_hash"`
	State       string `json:"state"`
	ResourceID  string `json:"resource_id"`
	LeaseUntil  stamp  `json:"lease_until"`
	Status      int    `json:"status,omitempty"`
	Body        []byte `json:"body,omitempty"` // base64
	ContentType string `json:"content_type,omitempty"`
	CreatedAt   stamp  `json:"created_at"`
	ExpiresAt   stamp  `json:"expires_at"`
}

func idempotencyRecordOf(r *models.IdempotencyRecord) idempotencyRecord {
	return idempotencyRecord{KeyHash: r.KeyHash, RequestHash: r.RequestHash, State: r.State, ResourceID: r.ResourceID,
		LeaseUntil: stamp(r.LeaseUntil), Status: r.Status, Body: r.Body, ContentType: r.ContentType,
		CreatedAt: stamp(r.CreatedAt), ExpiresAt: stamp(r.ExpiresAt)}
}

func (r *idempotencyRecord) key() string { return r.KeyHash }

func (r *idempotencyRecord) model() *models.IdempotencyRecord {
	var body []byte
	if len(r.Body) > 0 {
		body = r.Body
	}
	return &models.IdempotencyRecord{KeyHash: r.KeyHash, RequestHash: r.RequestHash, State: r.State,
		ResourceID: r.ResourceID, LeaseUntil: r.LeaseUntil.time(), Status: r.Status, Body: body,
		ContentType: r.ContentType, CreatedAt: r.CreatedAt.time(), ExpiresAt: r.ExpiresAt.time()}
}

type auditRecord struct {
	ID             string `json:"id"`
	OrganisationID string `json:"organisation_id,omitempty"`
	ActorID        string `json:"actor_id,omitempty"`
	ActorEmail     string `json:"actor_email,omitempty"`
	ActorRole      string `json:"actor_role,omitempty"`
	Action         string `json:"action"`
	TargetType     string `json:"target_type"`
	TargetID       string `json:"target_id,omitempty"`
	Detail         string `json:"detail,omitempty"`
	At             stamp  `json:"at"`
}

func auditRecordOf(e *models.AuditEntry) auditRecord {
	return auditRecord{ID: e.ID, OrganisationID: e.OrganisationID, ActorID: e.ActorID, ActorEmail: e.ActorEmail,
		ActorRole: e.ActorRole, Action: e.Action, TargetType: e.TargetType, TargetID: e.TargetID, Detail: e.Detail,
		At: stamp(e.At)}
}

func (r *auditRecord) key() string { return r.ID }

func (r *auditRecord) model() *models.AuditEntry {
	return &models.AuditEntry{ID: r.ID, OrganisationID: r.OrganisationID, ActorID: r.ActorID, ActorEmail: r.ActorEmail,
		ActorRole: r.ActorRole, Action: r.Action, TargetType: r.TargetType, TargetID: r.TargetID, Detail: r.Detail,
		At: r.At.time()}
}

type certificateRecord struct {
	ID               string          `json:"id"`
	SignupID         string          `json:"signup_id"`
	ActivityID       string          `json:"activity_id"`
	OrganisationID   string          `json:"organisation_id"`
	Title            models.Text     `json:"title"`
	OrganisationName string          `json:"organisation_name"`
	Language         string          `json:"language"`
	Timezone         string          `json:"timezone"`
	Sessions         []sessionRecord `json:"sessions"`
	Minutes          int             `json:"minutes"`
	NameHash         string          `json:"name_hash"`
	IssuedAt         stamp           `json:"issued_at"`
	RevokedAt        *stamp          `json:"revoked_at,omitempty"`
}

type sessionRecord struct {
	StartsAt stamp `json:"starts_at"`
	EndsAt   stamp `json:"ends_at"`
}

func certificateRecordOf(c *models.Certificate) certificateRecord {
	r := certificateRecord{ID: c.ID, SignupID: c.SignupID, ActivityID: c.ActivityID, OrganisationID: c.OrganisationID,
		Title: c.Title, OrganisationName: c.OrganisationName, Language: c.Language, Timezone: c.Timezone,
		Sessions: make([]sessionRecord, len(c.Sessions)), Minutes: c.Minutes, NameHash: c.NameHash,
		IssuedAt: stamp(c.IssuedAt), RevokedAt: stampOf(c.RevokedAt)}
	for i, se := range c.Sessions {
		r.Sessions[i] = sessionRecord{StartsAt: stamp(se.StartsAt), EndsAt: stamp(se.EndsAt)}
	}
	return r
}

func (r *certificateRecord) key() string { return r.ID }

func (r *certificateRecord) model() *models.Certificate {
	c := &models.Certificate{ID: r.ID, SignupID: r.SignupID, ActivityID: r.ActivityID, OrganisationID: r.OrganisationID,
		Title: r.Title, OrganisationName: r.OrganisationName, Language: r.Language, Timezone: r.Timezone,
		Sessions: make([]models.CertificateSession, len(r.Sessions)), Minutes: r.Minutes, NameHash: r.NameHash,
		IssuedAt: r.IssuedAt.time(), RevokedAt: timeOf(r.RevokedAt)}
	for i, se := range r.Sessions {
		c.Sessions[i] = models.CertificateSession{StartsAt: se.StartsAt.time(), EndsAt: se.EndsAt.time()}
	}
	return c
}

func orNilText(t models.Text) models.Text {
	if len(t) == 0 {
		return nil
	}
	return t
}

func orNilList[T any](l []T) []T {
	if len(l) == 0 {
		return nil
	}
	return l
}

func orNilMap(m map[string]any) map[string]any {
	if len(m) == 0 {
		return nil
	}
	return m
}
