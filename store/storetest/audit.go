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
