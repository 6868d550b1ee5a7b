package transfer

import "github.com/agora-events/agora/models"

type seriesRecord struct {
	ID             string `json:"id"`
	OrganisationID string `json:"organisation_id"`
	SeriesSignup   bool   `json:"series_signup"`
	CreatedAt      stamp  `json:"created_at"`
	UpdatedAt      stamp  `json:"updated_at"`
}

func seriesRecordOf(sr *models.Series) seriesRecord {
	return seriesRecord{ID: sr.ID, OrganisationID: sr.OrganisationID, SeriesSignup: sr.SeriesSignup,
		CreatedAt: stamp(sr.CreatedAt), UpdatedAt: stamp(sr.UpdatedAt)}
}

func (r *seriesRecord) key() string { return r.ID }

func (r *seriesRecord) model() *models.Series {
	return &models.Series{ID: r.ID, OrganisationID: r.OrganisationID, SeriesSignup: r.SeriesSignup,
		CreatedAt: r.CreatedAt.time(), UpdatedAt: r.UpdatedAt.time()}
}

type seriesSignupRecord struct {
	ID              string         `json:"id"`
	SeriesID        string         `json:"series_id"`
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
	ConsentAt       stamp          `json:"consent_at"`
	CreatedAt       stamp          `json:"created_at"`
	UpdatedAt       stamp          `json:"updated_at"`
	CancelledAt     *stamp         `json:"cancelled_at,omitempty"`
	ErasedAt        *stamp         `json:"erased_at,omitempty"`
}

func seriesSignupRecordOf(ss *models.SeriesSignup) seriesSignupRecord {
	return seriesSignupRecord{ID: ss.ID, SeriesID: ss.SeriesID, OrganisationID: ss.OrganisationID, Name: ss.Name,
		Email: ss.Email, Phone: ss.Phone, PartySize: ss.PartySize, Language: ss.Language, Answers: ss.Answers,
		Status: ss.Status, ActiveKey: ss.ActiveKey, ManageTokenHash: ss.ManageTokenHash,
		ConsentAt: stamp(ss.ConsentAt), CreatedAt: stamp(ss.CreatedAt), UpdatedAt: stamp(ss.UpdatedAt),
		CancelledAt: stampOf(ss.CancelledAt), ErasedAt: stampOf(ss.ErasedAt)}
}

func (r *seriesSignupRecord) key() string { return r.ID }

func (r *seriesSignupRecord) model() *models.SeriesSignup {
	return &models.SeriesSignup{ID: r.ID, SeriesID: r.SeriesID, OrganisationID: r.OrganisationID, Name: r.Name,
		Email: r.Email, Phone: r.Phone, PartySize: r.PartySize, Language: r.Language, Answers: orNilMap(r.Answers),
		Status: r.Status, ActiveKey: r.ActiveKey, ManageTokenHash: r.ManageTokenHash,
		ConsentAt: r.ConsentAt.time(), CreatedAt: r.CreatedAt.time(), UpdatedAt: r.UpdatedAt.time(),
		CancelledAt: timeOf(r.CancelledAt), ErasedAt: timeOf(r.ErasedAt)}
}
