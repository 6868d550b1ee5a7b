package sqlite

import (
	"context"
	"fmt"
)

// migrations are the schema versions, applied in order at start; the
// database's PRAGMA user_version says how many have been applied. Never
// edit an applied migration: append a new one.
//
// Times are INTEGER milliseconds since 1970 UTC (MongoDB's precision, so
// both stores answer alike); multilingual text, lists and answers are
// JSON text; booleans are 0/1.
var migrations = []string{
	// 1: the first schema.
	`
CREATE TABLE organisations (
	id               TEXT PRIMARY KEY,
	slug             TEXT NOT NULL UNIQUE,
	name             TEXT NOT NULL,
	country          TEXT NOT NULL,
	timezone         TEXT NOT NULL,
	default_language TEXT NOT NULL,
	created_at       INTEGER NOT NULL
);

CREATE TABLE users (
	id              TEXT PRIMARY KEY,
	email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name            TEXT NOT NULL,
	role            TEXT NOT NULL,
	organisation_id TEXT NOT NULL DEFAULT '',
	password_hash   TEXT NOT NULL DEFAULT '',
	disabled        INTEGER NOT NULL DEFAULT 0,
	created_at      INTEGER NOT NULL
);
CREATE INDEX users_by_organisation ON users (organisation_id, email);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE invitations (
	token_hash TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX invitations_by_user ON invitations (user_id);
CREATE INDEX invitations_by_expiry ON invitations (expires_at);

-- An activity row is the source of truth for its seats: seats_taken is
-- the party sum of its places with waiting = 0, waitlist_count the number
-- with waiting = 1; both change only in the transaction that changes the
-- places.
CREATE TABLE activities (
	id                      TEXT PRIMARY KEY,
	organisation_id         TEXT NOT NULL REFERENCES organisations (id),
	kind                    TEXT NOT NULL,
	title                   TEXT NOT NULL,           -- JSON {"lang": "text"}
	description             TEXT NOT NULL DEFAULT '{}',
	languages               TEXT NOT NULL DEFAULT '[]',
	starts_at               INTEGER NOT NULL,
	ends_at                 INTEGER NOT NULL,
	timezone                TEXT NOT NULL,
	venue                   TEXT NOT NULL DEFAULT '{}',
	capacity                INTEGER NOT NULL,
	max_party_size          INTEGER NOT NULL,
	waitlist                INTEGER NOT NULL,
	registration_opens_at   INTEGER,
	registration_closes_at  INTEGER,
	questions               TEXT NOT NULL DEFAULT '[]',
	status                  TEXT NOT NULL,
	cancel_reason           TEXT,
	tell_pending            INTEGER NOT NULL DEFAULT 0,
	seats_taken             INTEGER NOT NULL DEFAULT 0,
	waitlist_count          INTEGER NOT NULL DEFAULT 0,
	series_id               TEXT,
	search_text             TEXT NOT NULL DEFAULT '',
	reminders_queued_at     INTEGER,
	personal_data_erased_at INTEGER,
	created_at              INTEGER NOT NULL,
	updated_at              INTEGER NOT NULL
);
CREATE INDEX activities_by_start ON activities (status, starts_at, id);
CREATE INDEX activities_by_organisation ON activities (organisation_id, starts_at, id);
CREATE INDEX activities_by_end ON activities (ends_at);
CREATE INDEX activities_to_erase ON activities (ends_at, id) WHERE personal_data_erased_at IS NULL;
CREATE INDEX activities_by_series ON activities (series_id) WHERE series_id IS NOT NULL;

CREATE TABLE signups (
	id                TEXT PRIMARY KEY,
	activity_id       TEXT NOT NULL REFERENCES activities (id),
	organisation_id   TEXT NOT NULL,
	name              TEXT NOT NULL,
	email             TEXT NOT NULL,
	phone             TEXT NOT NULL DEFAULT '',
	party_size        INTEGER NOT NULL,
	language          TEXT NOT NULL,
	answers           TEXT,                          -- JSON object, NULL when none
	status            TEXT NOT NULL,
	-- activity_id|lower(email) while active, the signup's id afterwards:
	-- one active signup per email and activity, decided by this index.
	active_key        TEXT NOT NULL UNIQUE,
	manage_token_hash TEXT NOT NULL UNIQUE,
	cancelled_at      INTEGER,
	cancelled_by      TEXT NOT NULL DEFAULT '',
	consent_at        INTEGER NOT NULL,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL,
	erased_at         INTEGER
);
CREATE INDEX signups_by_activity ON signups (activity_id, created_at, id);
CREATE INDEX signups_pending ON signups (created_at, id) WHERE status = 'pending';
CREATE INDEX signups_unerased ON signups (activity_id, id) WHERE erased_at IS NULL;

-- places: who holds seats (waiting = 0) and who waits (waiting = 1) for an
-- activity; the waiting list is in seq order (the order of joining).
CREATE TABLE places (
	seq         INTEGER PRIMARY KEY,
	activity_id TEXT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	signup_id   TEXT NOT NULL REFERENCES signups (id),
	party       INTEGER NOT NULL CHECK (party >= 1),
	waiting     INTEGER NOT NULL,
	UNIQUE (activity_id, signup_id)
);
CREATE INDEX places_by_activity ON places (activity_id, waiting, seq);
CREATE INDEX places_by_signup ON places (signup_id);

-- signup_counts: per activity and status, how many signups and party
-- members, kept by triggers in the same transaction as every signup write,
-- so that reports read counters, not signups.
CREATE TABLE signup_counts (
	activity_id TEXT NOT NULL,
	status      TEXT NOT NULL,
	signups     INTEGER NOT NULL,
	people      INTEGER NOT NULL,
	PRIMARY KEY (activity_id, status)
) WITHOUT ROWID;
CREATE TRIGGER signup_counts_insert AFTER INSERT ON signups BEGIN
	INSERT INTO signup_counts (activity_id, status, signups, people) VALUES (NEW.activity_id, NEW.status, 1, NEW.party_size)
	ON CONFLICT (activity_id, status) DO UPDATE SET signups = signups + 1, people = people + NEW.party_size;
END;
CREATE TRIGGER signup_counts_update AFTER UPDATE OF status, party_size ON signups
WHEN OLD.status IS NOT NEW.status OR OLD.party_size IS NOT NEW.party_size BEGIN
	UPDATE signup_counts SET signups = signups - 1, people = people - OLD.party_size
	WHERE activity_id = OLD.activity_id AND status = OLD.status;
	INSERT INTO signup_counts (activity_id, status, signups, people) VALUES (NEW.activity_id, NEW.status, 1, NEW.party_size)
	ON CONFLICT (activity_id, status) DO UPDATE SET signups = signups + 1, people = people + NEW.party_size;
END;
CREATE TRIGGER signup_counts_delete AFTER DELETE ON signups BEGIN
	UPDATE signup_counts SET signups = signups - 1, people = people - OLD.party_size
	WHERE activity_id = OLD.activity_id AND status = OLD.status;
END;

CREATE TABLE messages (
	id              TEXT PRIMARY KEY,
	organisation_id TEXT NOT NULL,
	activity_id     TEXT NOT NULL,
	subject         TEXT NOT NULL,
	body            TEXT NOT NULL,
	languages       TEXT NOT NULL,
	format          TEXT NOT NULL,
	audience        TEXT NOT NULL,
	recipients      INTEGER NOT NULL,
	status          TEXT NOT NULL,
	created_by      TEXT NOT NULL,
	created_at      INTEGER NOT NULL
);
CREATE INDEX messages_by_activity ON messages (activity_id, created_at, id);
CREATE INDEX messages_queuing ON messages (created_at) WHERE status = 'queuing';

-- outbox: one row per email. The rendered body (text, html, attachments)
-- is dropped once the email is sent. Rows waiting to be sent are found
-- through the partial index outbox_due alone, so delivery never reads
-- what was already sent.
CREATE TABLE outbox (
	id                TEXT PRIMARY KEY,
	dedup_key         TEXT NOT NULL UNIQUE,
	kind              TEXT NOT NULL,
	language          TEXT NOT NULL,
	to_addr           TEXT NOT NULL,
	to_name           TEXT NOT NULL DEFAULT '',
	subject           TEXT NOT NULL,
	text_body         TEXT,
	html_body         TEXT,
	attachments       TEXT,                          -- JSON [{filename, content_type, data}]
	header_message_id TEXT NOT NULL,
	status            TEXT NOT NULL,
	attempts          INTEGER NOT NULL DEFAULT 0,
	next_attempt_at   INTEGER NOT NULL,
	lease_until       INTEGER NOT NULL DEFAULT 0,
	lease_token       TEXT NOT NULL DEFAULT '',
	claims            INTEGER NOT NULL DEFAULT 0,
	last_error        TEXT NOT NULL DEFAULT '',
	organisation_id   TEXT NOT NULL DEFAULT '',
	activity_id       TEXT NOT NULL DEFAULT '',
	signup_id         TEXT NOT NULL DEFAULT '',
	message_id        TEXT NOT NULL DEFAULT '',
	-- the hash of the manage token of the email's link, '' when none
	link_token_hash   TEXT NOT NULL DEFAULT '',
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL,
	sent_at           INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_by_organisation ON outbox (organisation_id, id);
CREATE INDEX outbox_by_status ON outbox (status, id);
CREATE INDEX outbox_by_message ON outbox (message_id, status) WHERE message_id != '';
CREATE INDEX outbox_by_activity ON outbox (activity_id) WHERE activity_id != '';
CREATE INDEX outbox_by_signup ON outbox (signup_id) WHERE signup_id != '';
CREATE UNIQUE INDEX outbox_by_link_token ON outbox (link_token_hash) WHERE link_token_hash != '';

CREATE TABLE idempotency (
	key_hash     TEXT PRIMARY KEY,
	request_hash TEXT NOT NULL,
	state        TEXT NOT NULL,
	resource_id  TEXT NOT NULL DEFAULT '',
	lease_until  INTEGER NOT NULL,
	status       INTEGER NOT NULL DEFAULT 0,
	body         BLOB,
	content_type TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL
);
CREATE INDEX idempotency_by_expiry ON idempotency (expires_at);

CREATE TABLE audit (
	id              TEXT PRIMARY KEY,
	organisation_id TEXT NOT NULL DEFAULT '',
	actor_id        TEXT NOT NULL DEFAULT '',
	actor_email     TEXT NOT NULL DEFAULT '',
	actor_role      TEXT NOT NULL DEFAULT '',
	action          TEXT NOT NULL,
	target_type     TEXT NOT NULL,
	target_id       TEXT NOT NULL DEFAULT '',
	detail          TEXT NOT NULL DEFAULT '',
	at              INTEGER NOT NULL
);
CREATE INDEX audit_by_time ON audit (at, id);
CREATE INDEX audit_by_organisation ON audit (organisation_id, at, id);
`,
	// 2: the organiser can be reached: an organisation's contact (JSON
	// {"email", "phone", "website"}) and each email's Reply-To, taken from
	// it when the email is queued.
	`
ALTER TABLE organisations ADD COLUMN contact TEXT NOT NULL DEFAULT '{}';
ALTER TABLE outbox ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';
`,
	// 3: the schedule's revision (the SEQUENCE of attendees' calendar
	// files) and the announcement of a change still to be sent.
	`
ALTER TABLE activities ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE activities ADD COLUMN change_notice TEXT;                -- JSON models.ChangeNotice, NULL when none
`,
	// 4: certificates of participation: what was printed, with a keyed
	// hash of the name and none of the attendee's data, so that erasure
	// and retention (which never touch this table) leave them verifiable.
	`
CREATE TABLE certificates (
	id                TEXT PRIMARY KEY,     -- SHA-256 of the verification code
	signup_id         TEXT NOT NULL,
	activity_id       TEXT NOT NULL,
	organisation_id   TEXT NOT NULL,
	title             TEXT NOT NULL,        -- JSON models.Text
	organisation_name TEXT NOT NULL,
	language          TEXT NOT NULL,        -- the organisation's default language
	timezone          TEXT NOT NULL,
	sessions          TEXT NOT NULL,        -- JSON []models.CertificateSession
	minutes           INTEGER NOT NULL,
	name_hash         TEXT NOT NULL,
	issued_at         INTEGER NOT NULL,
	revoked_at        INTEGER
);
CREATE INDEX certificates_by_activity ON certificates (activity_id, issued_at, id);
`,
	// 5: where a signup came from ('public', or 'staff' for walk-ins and
	// phone registrations). Older signups were all public. A staff-added
	// signup may have no email: its active_key is its own id then.
	`
ALTER TABLE signups ADD COLUMN source TEXT NOT NULL DEFAULT 'public';
`,
	// 6: the keyed hash of a signup's email, kept after erasure, by which
	// reports count distinct people ('' for signups without an email and
	// for those made before it).
	`
ALTER TABLE signups ADD COLUMN person_key TEXT NOT NULL DEFAULT '';
`,
	// 7: series signups: a series record (open for one signup or not), the
	// series signups (the person, once, with a manage token), and the link
	// from each date's ordinary signup to its series signup.
	`
CREATE TABLE series (
	id              TEXT PRIMARY KEY,
	organisation_id TEXT NOT NULL,
	series_signup   INTEGER NOT NULL,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
);

CREATE TABLE series_signups (
	id                TEXT PRIMARY KEY,
	series_id         TEXT NOT NULL,
	organisation_id   TEXT NOT NULL,
	name              TEXT NOT NULL,
	email             TEXT NOT NULL,
	phone             TEXT NOT NULL DEFAULT '',
	party_size        INTEGER NOT NULL,
	language          TEXT NOT NULL,
	answers           TEXT,                          -- JSON object, NULL when none
	status            TEXT NOT NULL,
	-- series|series_id|lower(email) while pending or active, the id afterwards
	active_key        TEXT NOT NULL UNIQUE,
	manage_token_hash TEXT NOT NULL UNIQUE,
	consent_at        INTEGER NOT NULL,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL,
	cancelled_at      INTEGER,
	erased_at         INTEGER
);
CREATE INDEX series_signups_by_series ON series_signups (series_id, created_at, id);
CREATE INDEX series_signups_pending ON series_signups (created_at, id) WHERE status = 'pending';

ALTER TABLE signups ADD COLUMN series_signup_id TEXT NOT NULL DEFAULT '';
CREATE INDEX signups_by_series_signup ON signups (series_signup_id) WHERE series_signup_id != '';
`,
	// 8: the waiting list follows signup time (models.SeatHolder.Queue),
	// not the order of joining: each place keeps its queue key, for the
	// places already there their signup's time. Place offers: how an
	// activity gives freed seats, and when an offered seat's time to
	// answer ends (signups_offers finds the expired ones). Draws: when
	// an activity's seats are drawn, and whether they were.
	`
ALTER TABLE places ADD COLUMN queue_at INTEGER NOT NULL DEFAULT 0;
UPDATE places SET queue_at = COALESCE((SELECT created_at FROM signups WHERE signups.id = places.signup_id), 0);
ALTER TABLE activities ADD COLUMN waitlist_mode TEXT NOT NULL DEFAULT 'auto';
ALTER TABLE activities ADD COLUMN offer_hours REAL NOT NULL DEFAULT 24;
ALTER TABLE activities ADD COLUMN offer_cutoff_hours REAL NOT NULL DEFAULT 3;
ALTER TABLE signups ADD COLUMN offer_expires_at INTEGER;
CREATE INDEX signups_offers ON signups (offer_expires_at, id) WHERE status = 'offered';
ALTER TABLE activities ADD COLUMN draw_at INTEGER;
ALTER TABLE activities ADD COLUMN drawn_at INTEGER;
CREATE INDEX activities_draws ON activities (draw_at, id) WHERE draw_at IS NOT NULL AND drawn_at IS NULL;
`,
}

// SchemaVersion is the schema version this code writes.
var SchemaVersion = len(migrations)

// migrate applies the migrations the database has not seen, each in its
// own transaction with the version bump, so that a crash leaves either
// version, never half of one. A database newer than this code is refused.
func (s *Store) migrate(ctx context.Context) error {
	var version int
	if err := s.write.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("store: the database has schema version %d, newer than this Agora's %d: run a newer Agora", version, len(migrations))
	}
	for v := version; v < len(migrations); v++ {
		err := s.Atomic(ctx, func(ctx context.Context) error {
			q := s.writer(ctx)
			if _, err := q.ExecContext(ctx, migrations[v]); err != nil {
				return err
			}
			_, err := q.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migrate to schema version %d: %w", v+1, err)
		}
		s.logger.Info("store: schema migrated", "version", v+1)
	}
	return nil
}
