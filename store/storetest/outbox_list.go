package storetest

// The outbox cases of what staff see and what is cleaned up: listing,
// counts per message, the backlog, and the purge.

import (
	"slices"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// outboxListing runs, within outbox, the cases of the staff views and the
// purge.
func (s *suite) outboxListing(t *testing.T) {
	t.Run("ListOutbox/OKNewestFirstFiltered", func(t *testing.T) {
		f := s.fixture(t)
		var all []*models.OutboxEmail
		for i := range 8 {
			org := "org-1"
			if i%3 == 2 {
				org = "org-2"
			}
			all = append(all, f.email(func(e *models.OutboxEmail) { e.OrganisationID = org }))
		}
		claimed := f.claim(f.now, time.Minute, 3, nil) // the three due first (all due now: any three)
		must(t, f.st.RecordOutboxSent(f.ctx, claimed[:1], f.now), "record sent")
		must(t, f.st.DropOutboxQueued(f.ctx, emailIDs(claimed[:1])), "drop")
		must(t, f.st.MarkOutboxFailed(f.ctx, []store.OutboxFailure{{Email: &claimed[1], Attempts: 5, LastError: "550"}}, f.now), "fail")
		status := map[string]string{claimed[0].ID: models.OutboxSent, claimed[1].ID: models.OutboxFailed, claimed[2].ID: models.OutboxSending}
		want := func(org, st string) []string {
			var out []string
			for _, e := range all {
				es := status[e.ID]
				if es == "" {
					es = models.OutboxPending
				}
				if (org == "" || e.OrganisationID == org) && (st == "" || es == st) {
					out = append(out, e.ID)
				}
			}
			slices.Sort(out)
			slices.Reverse(out)
			return out
		}
		for _, org := range []string{"", "org-1", "org-2"} {
			for _, st := range []string{"", models.OutboxPending, models.OutboxSending, models.OutboxSent, models.OutboxFailed} {
				for _, limit := range []int{2, 100} {
					var got []string
					filter := store.OutboxFilter{OrganisationID: org, Status: st, Limit: limit}
					for range 20 {
						page, err := f.st.ListOutbox(f.ctx, filter)
						must(t, err, "list")
						if len(page) > limit {
							t.Fatalf("page of %d, limit %d", len(page), limit)
						}
						for i := range page {
							e := &page[i]
							if e.Text != "" || e.HTML != "" || len(e.Attachments) != 0 {
								t.Fatalf("listed with its body: %s", e.ID)
							}
							if st != "" && e.Status != st {
								t.Fatalf("listed %s as %s, filter %s", e.ID, e.Status, st)
							}
						}
						got = append(got, emailIDs(page)...)
						if len(page) < limit {
							break
						}
						filter.After = page[len(page)-1].ID
					}
					wantIDs(t, got, want(org, st), "organisation "+org+", status "+st)
				}
			}
		}
	})
	t.Run("CountOutboxByMessage/OK", func(t *testing.T) {
		f := s.fixture(t)
		of := func(m string) func(e *models.OutboxEmail) { return func(e *models.OutboxEmail) { e.MessageID = m } }
		sent, failed, sending := f.email(of("m1")), f.email(of("m1")), f.email(of("m1"))
		f.email(of("m1"))
		f.email(of("m1"))
		f.email(of("m2"))
		f.email(nil)
		claimed := f.claim(f.now, time.Minute, 10, nil)
		must(t, f.st.RecordOutboxSent(f.ctx, []models.OutboxEmail{*byID(claimed, sent.ID)}, f.now), "record sent")
		must(t, f.st.DropOutboxQueued(f.ctx, []string{sent.ID}), "drop")
		must(t, f.st.MarkOutboxFailed(f.ctx, []store.OutboxFailure{{Email: byID(claimed, failed.ID), Attempts: 5}}, f.now), "fail")
		var back []string
		for _, e := range claimed {
			if e.ID != sent.ID && e.ID != failed.ID && e.ID != sending.ID {
				back = append(back, e.ID)
			}
		}
		must(t, f.st.ReleaseOutbox(f.ctx, back), "release")
		counts, err := f.st.CountOutboxByMessage(f.ctx, "m1")
		must(t, err, "count")
		for st, n := range map[string]int64{models.OutboxPending: 2, models.OutboxSending: 1, models.OutboxSent: 1, models.OutboxFailed: 1} {
			if counts[st] != n {
				t.Fatalf("counts %v, want %s: %d", counts, st, n)
			}
		}
		counts, err = f.st.CountOutboxByMessage(f.ctx, "m-none")
		must(t, err, "count")
		for st, n := range counts {
			if n != 0 {
				t.Fatalf("message without emails: %s %d", st, n)
			}
		}
	})
	t.Run("OutboxBacklog/OK", func(t *testing.T) {
		f := s.fixture(t)
		backlog := func(wantWaiting, wantFailed int64, what string) {
			t.Helper()
			w, fl, err := f.st.OutboxBacklog(f.ctx)
			must(t, err, "backlog")
			if w != wantWaiting || fl != wantFailed {
				t.Fatalf("%s: waiting %d, failed %d; want %d, %d", what, w, fl, wantWaiting, wantFailed)
			}
		}
		backlog(0, 0, "empty")
		for range 7 {
			f.email(nil)
		}
		backlog(7, 0, "queued")
		claimed := f.claim(f.now, time.Minute, 4, nil)
		backlog(7, 0, "four being sent")
		must(t, f.st.RecordOutboxSent(f.ctx, claimed[:2], f.now), "record sent")
		must(t, f.st.DropOutboxQueued(f.ctx, emailIDs(claimed[:2])), "drop")
		must(t, f.st.MarkOutboxFailed(f.ctx, []store.OutboxFailure{{Email: &claimed[2], Attempts: 5}}, f.now), "fail")
		backlog(4, 1, "two sent, one failed")
		wantTrue(t, "retry")(f.st.RetryOutbox(f.ctx, claimed[2].ID, f.now))
		backlog(5, 0, "retried")
	})
	t.Run("PurgeOutbox/OKKeepsEmailsAndLeases", func(t *testing.T) {
		f := s.fixture(t)
		leased, sent, waiting := f.email(nil), f.email(nil), f.email(nil)
		claimed := f.claim(f.now, time.Hour, 10, []string{waiting.ID})
		must(t, f.st.RecordOutboxSent(f.ctx, []models.OutboxEmail{*byID(claimed, sent.ID)}, f.now), "record sent")
		must(t, f.st.DropOutboxQueued(f.ctx, []string{sent.ID}), "drop")
		must(t, f.st.PurgeOutbox(f.ctx, f.now.Add(2*time.Hour)), "purge")
		wantIDs(t, emailIDs(f.claim(f.now.Add(30*time.Minute), time.Hour, 10, nil)), []string{waiting.ID}, "claim under the lease")
		wantIDs(t, sorted(emailIDs(f.claim(f.now.Add(3*time.Hour), time.Hour, 10, nil))), sorted([]string{leased.ID, waiting.ID}), "claim after the leases")
		wantStatus(t, f, sent.ID, models.OutboxSent)
	})
}
