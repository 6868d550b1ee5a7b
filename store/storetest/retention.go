package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

func (s *suite) retention(t *testing.T) {
	ended := func(f *fixture, d time.Duration) func(a *models.Activity) {
		return func(a *models.Activity) { a.StartsAt, a.EndsAt = f.now.Add(d-time.Hour), f.now.Add(d) }
	}
	t.Run("ActivitiesToErase/OKEndedAndNotMarked", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		old := f.activity(o.ID, ended(f, -48*time.Hour))
		oldCancelled := f.activity(o.ID, func(a *models.Activity) {
			ended(f, -30*time.Hour)(a)
			a.Status = models.StatusCancelled
		})
		f.activity(o.ID, ended(f, -time.Hour)) // ended, but within the retention
		f.activity(o.ID, nil)                  // still ahead
		got, err := f.st.ActivitiesToErase(f.ctx, f.now.Add(-24*time.Hour), 10)
		must(t, err, "to erase")
		wantIDs(t, sorted(activityIDs(got)), sorted([]string{old.ID, oldCancelled.ID}), "ended a day ago")
		for _, g := range got {
			want := old
			if g.ID == oldCancelled.ID {
				want = oldCancelled
			}
			if g.OrganisationID != o.ID || !g.EndsAt.Equal(want.EndsAt) {
				t.Fatalf("to erase: %+v, want organisation %s, end %v", g, o.ID, want.EndsAt)
			}
		}
		got, err = f.st.ActivitiesToErase(f.ctx, f.now.Add(-24*time.Hour), 1)
		if err != nil || len(got) != 1 {
			t.Fatalf("limit 1: %d (%v)", len(got), err)
		}
	})
	t.Run("MarkPersonalDataErased/OK", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a, b := f.activity(o.ID, ended(f, -48*time.Hour)), f.activity(o.ID, ended(f, -48*time.Hour))
		must(t, f.st.MarkPersonalDataErased(f.ctx, a.ID, f.now), "mark")
		got, err := f.st.ActivitiesToErase(f.ctx, f.now, 10)
		must(t, err, "to erase")
		wantIDs(t, activityIDs(got), []string{b.ID}, "unmarked")
		wantDetails(t, f.read(a.ID), a)
	})
	t.Run("UpdateActivityDetails/OKUnmarksErased", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, ended(f, -48*time.Hour))
		must(t, f.st.MarkPersonalDataErased(f.ctx, a.ID, f.now), "mark")
		// Moved back into the future, then over again: retention must
		// look at it afresh.
		edit := f.read(a.ID)
		edit.StartsAt, edit.EndsAt = f.now.Add(-3*time.Hour), f.now.Add(-2*time.Hour)
		must(t, f.st.UpdateActivityDetails(f.ctx, edit), "edit")
		got, err := f.st.ActivitiesToErase(f.ctx, f.now, 10)
		must(t, err, "to erase")
		wantIDs(t, activityIDs(got), []string{a.ID}, "edited activity")
	})
	t.Run("UnerasedSignups/OKInIDOrder", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a, other := f.activity(o.ID, nil), f.activity(o.ID, nil)
		var want []string
		for i, status := range []string{models.SignupConfirmed, models.SignupCancelled, models.SignupPending,
			models.SignupWaitlisted, models.SignupAttended, models.SignupNoShow, models.SignupConfirmed} {
			su := f.decided(a, fmt.Sprintf("s%d@example.org", i), 1, status, nil)
			if i == 3 || i == 5 {
				wantTrue(t, "erase")(f.st.EraseSignup(f.ctx, su.ID, f.now))
				continue
			}
			want = append(want, su.ID)
		}
		f.decided(other, "x@example.org", 1, models.SignupConfirmed, nil)
		want = sorted(want)
		var got []string
		after := ""
		for range 10 {
			page, err := f.st.UnerasedSignups(f.ctx, a.ID, after, 2)
			must(t, err, "unerased")
			if len(page) > 2 {
				t.Fatalf("page of %d, limit 2", len(page))
			}
			for _, su := range page {
				if su.ActivityID != "" && su.ActivityID != a.ID {
					t.Fatalf("signup of another activity: %+v", su)
				}
				if su.Status == "" {
					t.Fatalf("signup %s without its status (retention skips pending ones by it)", su.ID)
				}
			}
			got = append(got, signupIDs(page)...)
			if len(page) < 2 {
				break
			}
			after = page[len(page)-1].ID
		}
		wantIDs(t, got, want, "unerased, in id order")
		page, err := f.st.UnerasedSignups(f.ctx, a.ID, "", 10)
		must(t, err, "unerased")
		for _, su := range page {
			if w := f.readSignup(su.ID); su.Status != w.Status {
				t.Fatalf("signup %s: status %q, stored %q", su.ID, su.Status, w.Status)
			}
		}
	})
	t.Run("EraseOutbox/OKSignupScope", func(t *testing.T) {
		f := s.fixture(t)
		mine, other := "signup-1", "signup-2"
		pending := f.email(func(e *models.OutboxEmail) { e.ActivityID, e.SignupID = "act-1", mine })
		sent := f.email(func(e *models.OutboxEmail) { e.ActivityID, e.SignupID = "act-1", mine })
		failed := f.email(func(e *models.OutboxEmail) { e.ActivityID, e.SignupID = "act-1", mine })
		kept := f.email(func(e *models.OutboxEmail) { e.ActivityID, e.SignupID = "act-1", other })
		claimed := f.claim(f.now, time.Minute, 10, nil)
		if len(claimed) != 4 {
			t.Fatalf("claimed %d, want 4", len(claimed))
		}
		must(t, f.st.RecordOutboxSent(f.ctx, []models.OutboxEmail{*byID(claimed, sent.ID)}, f.now), "record sent")
		must(t, f.st.DropOutboxQueued(f.ctx, []string{sent.ID}), "drop")
		must(t, f.st.MarkOutboxFailed(f.ctx, []store.OutboxFailure{{Email: byID(claimed, failed.ID), Attempts: 5,
			LastError: "550 no such user " + failed.To}}, f.now), "fail")
		must(t, f.st.ReleaseOutbox(f.ctx, []string{pending.ID, kept.ID}), "release")
		for range 2 { // running it again changes nothing
			ids, err := f.st.EraseOutbox(f.ctx, store.OutboxScope{SignupID: mine}, f.now)
			must(t, err, "erase")
			wantIDs(t, slices.Sorted(slices.Values(ids)), slices.Sorted(slices.Values([]string{pending.ID, sent.ID, failed.ID})),
				"the emails in scope, erased now or before")
			for _, e := range []*models.OutboxEmail{pending, sent, failed} {
				got := f.readEmail(e.ID)
				if got.To != "" || got.ToName != "" || got.Subject != "" || strings.Contains(got.LastError, e.To) {
					t.Fatalf("erased email keeps personal data: %+v", got)
				}
			}
			wantStatus(t, f, pending.ID, models.OutboxFailed)
			wantStatus(t, f, sent.ID, models.OutboxSent)
			wantStatus(t, f, failed.ID, models.OutboxFailed)
			if got := f.readEmail(kept.ID); got.To != kept.To || got.Subject != kept.Subject || got.Status != models.OutboxPending {
				t.Fatalf("another signup's email changed: %+v", got)
			}
			// Never sent: only the other signup's email is due.
			wantIDs(t, emailIDs(f.claimExclusive(f.now.Add(time.Hour), nil)), []string{kept.ID}, "due after erasure")
		}
		// A staff retry cannot bring the erased email back to anyone.
		if ok, err := f.st.RetryOutbox(f.ctx, pending.ID, f.now); err == nil && ok {
			if got := f.readEmail(pending.ID); got.To != "" {
				t.Fatalf("retried erased email has a recipient: %+v", got)
			}
			for _, e := range f.claimExclusive(f.now.Add(time.Hour), nil) {
				if e.ID == pending.ID && (e.To != "" || e.Text != "" || e.HTML != "") {
					t.Fatalf("retried erased email carries personal data: %+v", e)
				}
			}
		}
	})
	t.Run("EraseOutbox/OKActivityScope", func(t *testing.T) {
		f := s.fixture(t)
		msg := "message-1"
		e1 := f.email(func(e *models.OutboxEmail) { e.ActivityID, e.SignupID = "act-1", "s1" })
		e2 := f.email(func(e *models.OutboxEmail) { e.ActivityID, e.SignupID, e.MessageID = "act-1", "s2", msg })
		e3 := f.email(func(e *models.OutboxEmail) { e.ActivityID, e.SignupID, e.MessageID = "act-1", "s3", msg })
		kept := f.email(func(e *models.OutboxEmail) { e.ActivityID, e.SignupID = "act-2", "s4" })
		claimed := f.claim(f.now, time.Minute, 10, []string{e1.ID, kept.ID})
		must(t, f.st.RecordOutboxSent(f.ctx, []models.OutboxEmail{*byID(claimed, e2.ID)}, f.now), "record sent")
		must(t, f.st.DropOutboxQueued(f.ctx, []string{e2.ID}), "drop")
		must(t, f.st.ReleaseOutbox(f.ctx, []string{e3.ID}), "release")
		ids, err := f.st.EraseOutbox(f.ctx, store.OutboxScope{ActivityID: "act-1"}, f.now)
		must(t, err, "erase")
		wantIDs(t, slices.Sorted(slices.Values(ids)), slices.Sorted(slices.Values([]string{e1.ID, e2.ID, e3.ID})),
			"the emails in scope")
		for _, e := range []*models.OutboxEmail{e1, e2, e3} {
			if got := f.readEmail(e.ID); got.To != "" || got.Subject != "" {
				t.Fatalf("erased email keeps personal data: %+v", got)
			}
		}
		wantStatus(t, f, e1.ID, models.OutboxFailed)
		wantStatus(t, f, e2.ID, models.OutboxSent)
		wantStatus(t, f, e3.ID, models.OutboxFailed)
		counts, err := f.st.CountOutboxByMessage(f.ctx, msg)
		must(t, err, "count")
		if counts[models.OutboxSent] != 1 || counts[models.OutboxFailed] != 1 || counts[models.OutboxPending] != 0 || counts[models.OutboxSending] != 0 {
			t.Fatalf("message counts after erasure: %v", counts)
		}
		wantIDs(t, emailIDs(f.claimExclusive(f.now.Add(time.Hour), nil)), []string{kept.ID}, "due after erasure")
		if got := f.readEmail(kept.ID); got.To != kept.To {
			t.Fatalf("another activity's email changed: %+v", got)
		}
	})
}
