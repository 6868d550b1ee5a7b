package storetest

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// message stores an organiser message of activityID created at created.
func (f *fixture) message(activityID string, created time.Time, status string) *models.Message {
	f.t.Helper()
	m := &models.Message{ID: models.NewID(), OrganisationID: "org-" + activityID, ActivityID: activityID,
		Subject: models.Text{"en": "Room change", "pl": "Zmiana sali"}, Body: models.Text{"en": "Room 2.", "pl": "Sala 2."},
		Languages: []string{"pl", "en"}, Format: models.FormatMarkdown,
		Audience: []string{models.SignupConfirmed, models.SignupWaitlisted}, Status: status,
		CreatedBy: "user-1", CreatedAt: created}
	must(f.t, f.st.InsertMessage(f.ctx, m), "insert message")
	return m
}

func messageIDs(ms []models.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

func (s *suite) messages(t *testing.T) {
	t.Run("MessageByID/OK", func(t *testing.T) {
		f := s.fixture(t)
		m := f.message("act-1", f.now, models.MessageQueuing)
		got, err := f.st.MessageByID(f.ctx, m.ID)
		must(t, err, "message")
		if got.ID != m.ID || got.OrganisationID != m.OrganisationID || got.ActivityID != m.ActivityID ||
			!reflect.DeepEqual(got.Subject, m.Subject) || !reflect.DeepEqual(got.Body, m.Body) ||
			!slices.Equal(got.Languages, m.Languages) || got.Format != m.Format || !slices.Equal(got.Audience, m.Audience) ||
			got.Recipients != 0 || got.Status != m.Status || got.CreatedBy != m.CreatedBy {
			t.Fatalf("read %+v, stored %+v", got, m)
		}
		sameTime(t, got.CreatedAt, m.CreatedAt, "created_at")
	})
	t.Run("MessageByID/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.message("act-1", f.now, models.MessageQueuing)
		wantCode(t, errOf(f.st.MessageByID(f.ctx, models.NewID())), models.ErrNotFound, "unknown id")
	})
	t.Run("SetMessageQueued/OK", func(t *testing.T) {
		f := s.fixture(t)
		m, other := f.message("act-1", f.now, models.MessageQueuing), f.message("act-1", f.now, models.MessageQueuing)
		must(t, f.st.SetMessageQueued(f.ctx, m.ID, 42), "set queued")
		got, err := f.st.MessageByID(f.ctx, m.ID)
		must(t, err, "message")
		if got.Status != models.MessageQueued || got.Recipients != 42 {
			t.Fatalf("status %s, recipients %d; want queued, 42", got.Status, got.Recipients)
		}
		if got, _ := f.st.MessageByID(f.ctx, other.ID); got == nil || got.Status != models.MessageQueuing {
			t.Fatalf("another message changed: %+v", got)
		}
	})
	t.Run("MessagesQueuing/OKInterruptedOnly", func(t *testing.T) {
		f := s.fixture(t)
		old := f.message("act-1", f.now.Add(-time.Hour), models.MessageQueuing)
		f.message("act-1", f.now.Add(-time.Hour), models.MessageQueued)
		f.message("act-2", f.now.Add(time.Minute), models.MessageQueuing) // still being queued
		old2 := f.message("act-2", f.now.Add(-2*time.Minute), models.MessageQueuing)
		got, err := f.st.MessagesQueuing(f.ctx, f.now)
		must(t, err, "queuing")
		wantIDs(t, sorted(messageIDs(got)), sorted([]string{old.ID, old2.ID}), "interrupted messages")
	})
	t.Run("MessagesOfActivity/OKNewestFirst", func(t *testing.T) {
		f := s.fixture(t)
		m1 := f.message("act-1", f.now.Add(-3*time.Hour), models.MessageQueued)
		m3 := f.message("act-1", f.now.Add(-time.Hour), models.MessageQueued)
		m2 := f.message("act-1", f.now.Add(-2*time.Hour), models.MessageQueued)
		f.message("act-2", f.now, models.MessageQueued)
		got, err := f.st.MessagesOfActivity(f.ctx, "act-1", 10)
		must(t, err, "messages")
		wantIDs(t, messageIDs(got), []string{m3.ID, m2.ID, m1.ID}, "newest first")
		got, err = f.st.MessagesOfActivity(f.ctx, "act-1", 2)
		must(t, err, "messages")
		wantIDs(t, messageIDs(got), []string{m3.ID, m2.ID}, "limited")
	})
}

// key stores an in-progress idempotency record.
func (f *fixture) key(lease, expires time.Time) *models.IdempotencyRecord {
	f.t.Helper()
	r := &models.IdempotencyRecord{KeyHash: "key-" + models.NewID(), RequestHash: "req", State: models.IdempotencyInProgress,
		ResourceID: models.NewID(), LeaseUntil: lease, CreatedAt: f.now, ExpiresAt: expires}
	must(f.t, f.st.InsertIdempotencyKey(f.ctx, r), "insert key")
	return r
}

func (f *fixture) readKey(hash string) *models.IdempotencyRecord {
	f.t.Helper()
	r, err := f.st.IdempotencyKey(f.ctx, hash)
	must(f.t, err, "key "+hash)
	return r
}

func (s *suite) idempotencyKeys(t *testing.T) {
	day := 24 * time.Hour
	t.Run("InsertIdempotencyKey/OK", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(time.Minute), f.now.Add(day))
		got := f.readKey(r.KeyHash)
		if got.KeyHash != r.KeyHash || got.RequestHash != r.RequestHash || got.State != models.IdempotencyInProgress ||
			got.ResourceID != r.ResourceID || got.Status != 0 || len(got.Body) != 0 || got.ContentType != "" {
			t.Fatalf("read %+v, stored %+v", got, r)
		}
		sameTime(t, got.LeaseUntil, r.LeaseUntil, "lease_until")
		sameTime(t, got.CreatedAt, r.CreatedAt, "created_at")
		sameTime(t, got.ExpiresAt, r.ExpiresAt, "expires_at")
	})
	t.Run("InsertIdempotencyKey/ErrConflict", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(time.Minute), f.now.Add(day))
		again := *r
		again.ResourceID, again.RequestHash = models.NewID(), "other"
		wantCode(t, f.st.InsertIdempotencyKey(f.ctx, &again), models.ErrConflict, "same key")
		if got := f.readKey(r.KeyHash); got.ResourceID != r.ResourceID || got.RequestHash != "req" {
			t.Fatalf("the first record was replaced: %+v", got)
		}
	})
	t.Run("IdempotencyKey/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.key(f.now.Add(time.Minute), f.now.Add(day))
		wantCode(t, errOf(f.st.IdempotencyKey(f.ctx, "key-unknown")), models.ErrNotFound, "unknown key")
	})
	t.Run("TakeOverIdempotencyKey/OK", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(-time.Second), f.now.Add(day))
		next := f.now.Add(time.Minute)
		wantTrue(t, "take over")(f.st.TakeOverIdempotencyKey(f.ctx, r.KeyHash, r.LeaseUntil, next))
		got := f.readKey(r.KeyHash)
		sameTime(t, got.LeaseUntil, next, "lease_until")
		if got.ResourceID != r.ResourceID || got.State != models.IdempotencyInProgress {
			t.Fatalf("take-over changed the record: %+v", got)
		}
	})
	t.Run("TakeOverIdempotencyKey/FalseWhenTheLeaseMoved", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(-time.Second), f.now.Add(day))
		first := f.now.Add(time.Minute)
		wantTrue(t, "take over")(f.st.TakeOverIdempotencyKey(f.ctx, r.KeyHash, r.LeaseUntil, first))
		// A second retry read the old lease too: too late.
		wantFalse(t, "take over with the old lease")(f.st.TakeOverIdempotencyKey(f.ctx, r.KeyHash, r.LeaseUntil, f.now.Add(2*time.Minute)))
		sameTime(t, f.readKey(r.KeyHash).LeaseUntil, first, "lease_until")
		wantFalse(t, "unknown key")(f.st.TakeOverIdempotencyKey(f.ctx, "key-unknown", r.LeaseUntil, first))
	})
	t.Run("TakeOverIdempotencyKey/FalseWhenDone", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(-time.Second), f.now.Add(day))
		must(t, f.st.CompleteIdempotencyKey(f.ctx, r.KeyHash, 201, "application/json", []byte(`{"id":"x"}`)), "complete")
		wantFalse(t, "take over a done key")(f.st.TakeOverIdempotencyKey(f.ctx, r.KeyHash, r.LeaseUntil, f.now.Add(time.Minute)))
		if got := f.readKey(r.KeyHash); got.State != models.IdempotencyDone || got.Status != 201 {
			t.Fatalf("done key changed: %+v", got)
		}
	})
	t.Run("CompleteIdempotencyKey/OK", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(time.Minute), f.now.Add(day))
		body := []byte("{\"id\":\"x\",\"bin\":\"\x00\xff\"}")
		must(t, f.st.CompleteIdempotencyKey(f.ctx, r.KeyHash, 201, "application/json; charset=utf-8", body), "complete")
		got := f.readKey(r.KeyHash)
		if got.State != models.IdempotencyDone || got.Status != 201 || got.ContentType != "application/json; charset=utf-8" ||
			!bytes.Equal(got.Body, body) || got.ResourceID != r.ResourceID || got.RequestHash != r.RequestHash {
			t.Fatalf("completed record %+v", got)
		}
		sameTime(t, got.ExpiresAt, r.ExpiresAt, "expires_at")
	})
	t.Run("ReleaseIdempotencyKey/OK", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(time.Minute), f.now.Add(day))
		must(t, f.st.ReleaseIdempotencyKey(f.ctx, r.KeyHash, f.now), "release")
		got := f.readKey(r.KeyHash)
		sameTime(t, got.LeaseUntil, f.now, "lease_until")
		if got.State != models.IdempotencyInProgress {
			t.Fatalf("state %s", got.State)
		}
		// A retry may take it over at once.
		wantTrue(t, "take over")(f.st.TakeOverIdempotencyKey(f.ctx, r.KeyHash, got.LeaseUntil, f.now.Add(time.Minute)))
	})
	t.Run("ReleaseIdempotencyKey/OKLeavesDoneKeys", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(time.Minute), f.now.Add(day))
		must(t, f.st.CompleteIdempotencyKey(f.ctx, r.KeyHash, 200, "text/plain", []byte("ok")), "complete")
		must(t, f.st.ReleaseIdempotencyKey(f.ctx, r.KeyHash, f.now.Add(-time.Hour)), "release a done key")
		got := f.readKey(r.KeyHash)
		if got.State != models.IdempotencyDone || string(got.Body) != "ok" {
			t.Fatalf("done key changed: %+v", got)
		}
		sameTime(t, got.LeaseUntil, r.LeaseUntil, "lease_until")
	})
	t.Run("DeleteIdempotencyKey/OKOnlyWhenItStillExpiresThen", func(t *testing.T) {
		f := s.fixture(t)
		r := f.key(f.now.Add(time.Minute), f.now.Add(-time.Second))
		must(t, f.st.DeleteIdempotencyKey(f.ctx, r.KeyHash, r.ExpiresAt.Add(time.Millisecond)), "delete with another expiry")
		f.readKey(r.KeyHash)
		must(t, f.st.DeleteIdempotencyKey(f.ctx, r.KeyHash, r.ExpiresAt), "delete")
		wantCode(t, errOf(f.st.IdempotencyKey(f.ctx, r.KeyHash)), models.ErrNotFound, "deleted key")
		must(t, f.st.DeleteIdempotencyKey(f.ctx, r.KeyHash, r.ExpiresAt), "delete again")
	})
	t.Run("DeleteExpiredIdempotencyKeys/OKCountsExpired", func(t *testing.T) {
		f := s.fixture(t)
		old1, old2 := f.key(f.now, f.now.Add(-time.Hour)), f.key(f.now, f.now.Add(-time.Millisecond))
		must(t, f.st.CompleteIdempotencyKey(f.ctx, old2.KeyHash, 201, "", nil), "complete")
		live := f.key(f.now, f.now.Add(time.Hour))
		n, err := f.st.DeleteExpiredIdempotencyKeys(f.ctx, f.now)
		must(t, err, "delete expired")
		if n != 2 {
			t.Errorf("deleted %d, want 2", n)
		}
		wantCode(t, errOf(f.st.IdempotencyKey(f.ctx, old1.KeyHash)), models.ErrNotFound, "expired key")
		wantCode(t, errOf(f.st.IdempotencyKey(f.ctx, old2.KeyHash)), models.ErrNotFound, "expired done key")
		f.readKey(live.KeyHash)
	})
	t.Run("ReleaseAllIdempotencyLeases/OKInProgressOnly", func(t *testing.T) {
		f := s.fixture(t)
		a, b := f.key(f.now.Add(time.Minute), f.now.Add(day)), f.key(f.now.Add(2*time.Minute), f.now.Add(day))
		done := f.key(f.now.Add(3*time.Minute), f.now.Add(day))
		must(t, f.st.CompleteIdempotencyKey(f.ctx, done.KeyHash, 201, "", nil), "complete")
		n, err := f.st.ReleaseAllIdempotencyLeases(f.ctx, f.now)
		must(t, err, "release all")
		if n != 2 {
			t.Errorf("released %d, want 2", n)
		}
		sameTime(t, f.readKey(a.KeyHash).LeaseUntil, f.now, "first lease")
		sameTime(t, f.readKey(b.KeyHash).LeaseUntil, f.now, "second lease")
		sameTime(t, f.readKey(done.KeyHash).LeaseUntil, done.LeaseUntil, "done key's lease")
	})
}

// audit stores an audit entry.
func (f *fixture) audit(orgID string, at time.Time) *models.AuditEntry {
	f.t.Helper()
	e := &models.AuditEntry{ID: models.NewID(), OrganisationID: orgID, ActorID: "u1", ActorEmail: "staff@example.org",
		ActorRole: string(models.RoleManager), Action: models.AuditSignupCancel, TargetType: models.AuditTargetSignup,
		TargetID: "s1", Detail: "by phone", At: at}
	must(f.t, f.st.InsertAudit(f.ctx, e), "insert audit entry")
	return e
}

func (s *suite) auditLog(t *testing.T) {
	// entries returns the ids of entries newest first: by time, then id.
	order := func(es []*models.AuditEntry) []string {
		es = slices.Clone(es)
		slices.SortFunc(es, func(a, b *models.AuditEntry) int {
			if c := b.At.Compare(a.At); c != 0 {
				return c
			}
			return strings.Compare(b.ID, a.ID)
		})
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = e.ID
		}
		return out
	}
	ids := func(es []models.AuditEntry) []string {
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = e.ID
		}
		return out
	}
	t.Run("ListAudit/OK", func(t *testing.T) {
		f := s.fixture(t)
		e := f.audit("org-1", f.now)
		got, err := f.st.ListAudit(f.ctx, store.AuditFilter{Limit: 10})
		must(t, err, "list")
		if len(got) != 1 {
			t.Fatalf("%d entries, want 1", len(got))
		}
		g := got[0]
		if g.ID != e.ID || g.OrganisationID != e.OrganisationID || g.ActorID != e.ActorID || g.ActorEmail != e.ActorEmail ||
			g.ActorRole != e.ActorRole || g.Action != e.Action || g.TargetType != e.TargetType || g.TargetID != e.TargetID ||
			g.Detail != e.Detail {
			t.Fatalf("read %+v, stored %+v", g, e)
		}
		sameTime(t, g.At, e.At, "at")
	})
	t.Run("ListAudit/OKNewestFirstPagedByOrganisation", func(t *testing.T) {
		f := s.fixture(t)
		var mine, all []*models.AuditEntry
		for i := range 14 {
			at := f.now.Add(time.Duration(i%4) * time.Second) // ties
			org := "org-1"
			if i%3 == 0 {
				org = "org-2"
			}
			if i%5 == 4 {
				org = "" // platform-wide
			}
			e := f.audit(org, at)
			all = append(all, e)
			if org == "org-1" {
				mine = append(mine, e)
			}
		}
		for _, tc := range []struct {
			org  string
			want []string
		}{{"org-1", order(mine)}, {"", order(all)}} {
			for _, limit := range []int{1, 3, 100} {
				var got []string
				var after *store.AuditCursor
				for range 30 {
					page, err := f.st.ListAudit(f.ctx, store.AuditFilter{OrganisationID: tc.org, After: after, Limit: limit})
					must(t, err, "list")
					if len(page) > limit {
						t.Fatalf("page of %d, limit %d", len(page), limit)
					}
					got = append(got, ids(page)...)
					if len(page) < limit {
						break
					}
					last := page[len(page)-1]
					after = &store.AuditCursor{At: last.At, ID: last.ID}
				}
				wantIDs(t, got, tc.want, fmt.Sprintf("organisation %q, pages of %d", tc.org, limit))
			}
		}
	})
}
