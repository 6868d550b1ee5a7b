package registration

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
)

func TestZZOps(t *testing.T) {
	s, st := newSignupService(t)
	ctx := context.Background()
	a := seedActivity(t, st, func(a *models.Activity) { a.Capacity = 25; a.MaxPartySize = 3 })
	var last *SignupResult
	for i := range 300 {
		last = mustSignUp(t, s, a.ID, fmt.Sprintf("s%d@example.org", i), 1)
	}
	id := last.Signup.ID
	timeit := func(name string, f func() error) {
		start := time.Now()
		for range 20 {
			if err := f(); err != nil {
				t.Fatal(name, err)
			}
		}
		t.Logf("%-28s %v", name, time.Since(start)/20)
	}
	su, _ := st.SignupByID(ctx, id)
	act, _ := st.ActivityByID(ctx, a.ID)
	timeit("SignupByID", func() error { _, err := st.SignupByID(ctx, id); return err })
	timeit("ActivityByID", func() error { _, err := st.ActivityByID(ctx, a.ID); return err })
	timeit("OrganisationByID", func() error { _, err := st.OrganisationByID(ctx, a.OrganisationID); return err })
	timeit("SetSignupStatus(match)", func() error {
		_, err := st.SetSignupStatus(ctx, id, []string{models.SignupWaitlisted}, models.SignupWaitlisted, time.Now())
		return err
	})
	h := models.SeatHolder{SignupID: id, Party: 1}
	timeit("Leave+Join", func() error {
		x, err := st.LeaveWaitingList(ctx, act, h)
		if err != nil || x == nil {
			return fmt.Errorf("leave %v", err)
		}
		act, err = st.JoinWaitingList(ctx, x, h)
		return err
	})
	timeit("queueSignupEmail(dup)", func() error { return s.queueSignupEmail(ctx, "waitlisted", su, act, 3) })
	timeit("render only", func() error {
		org, _ := st.OrganisationByID(ctx, a.OrganisationID)
		_ = org
		return nil
	})
	timeit("InsertSignup", func() error {
		x := *su
		x.ID = models.NewID()
		x.ActiveKey = x.ID
		x.ManageTokenHash = x.ID
		return st.InsertSignup(ctx, &x)
	})
	_ = notifications.KindConfirmed
}
