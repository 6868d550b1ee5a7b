package main

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agora-events/agora/store/storetest/seatcheck"
)

// TestSignupConcurrency is the storm of a popular lunch being shared: run
// it with -race. Capacity must hold, nobody answered 201 may be lost, and
// the waiting list must be fair.
func TestSignupConcurrency(t *testing.T) {
	a := startApp(t, nil)
	// Under -race the last of 300 requests waits long for its turn.
	a.client = &http.Client{Timeout: 10 * time.Minute}
	org := signupOrg(t, a)
	const capacity, storm = 25, 300
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": capacity, "max_party_size": 3}))

	type result struct {
		status int
		party  int
		body   string
		su     signupJSON
	}
	results := make([]result, storm)
	var wg sync.WaitGroup
	for i := range storm {
		wg.Add(1)
		go func() {
			defer wg.Done()
			party := 1 + i%3
			r := a.do("POST", "/api/v1/activities/"+act.ID+"/signups",
				signupBody(fmt.Sprintf("storm%d@example.org", i), map[string]any{"party_size": party}))
			results[i] = result{status: r.Status, party: party, body: string(r.Body)}
			if r.Status == 201 {
				r.JSON(t, &results[i].su)
			}
		}()
	}
	wg.Wait()

	// What the answers say, read here so that each subtest has it whichever
	// ran before: position -> party of the waitlisted signups, each one's
	// position, and every manage token. NoErrorAndNoOverbooking checks
	// that the answers are well formed.
	waitParty := map[int]int{}
	positionOf := map[string]int{}
	tokenOf := map[string]string{}
	for _, r := range results {
		tokenOf[r.su.ID] = r.su.ManageToken
		if r.su.Status == "waitlisted" && r.su.WaitlistPosition != nil {
			waitParty[*r.su.WaitlistPosition], positionOf[r.su.ID] = r.party, *r.su.WaitlistPosition
		}
	}
	t.Run("NoErrorAndNoOverbooking", func(t *testing.T) {
		seated := 0
		for i, r := range results {
			if r.status != 201 {
				t.Fatalf("signup %d: %d %s", i, r.status, r.body)
			}
			switch r.su.Status {
			case "confirmed":
				seated += r.party
			case "waitlisted":
				// Two answers may name one position: a signup made
				// earlier but decided later goes ahead of the first
				// (WaitlistedInOrder).
				if pos := *r.su.WaitlistPosition; pos < 1 || pos > storm {
					t.Fatalf("signup %d: waitlist position %d", i, pos)
				}
			default:
				t.Fatalf("signup %d: status %s", i, r.su.Status)
			}
		}
		byID := a.checkSeatInvariant(t, org.Organiser, act.ID)
		if len(byID) != storm {
			t.Fatalf("%d signups stored, %d answered 201", len(byID), storm)
		}
		if got := a.activity(t, org.Organiser, act.ID); got.SeatsTaken != seated {
			t.Fatalf("seats_taken %d, confirmed in answers %d", got.SeatsTaken, seated)
		}
	})
	t.Run("WaitlistedInOrder", func(t *testing.T) {
		// The waiting list follows signup time, which the staff list
		// shows (oldest first), not the order in which the requests took
		// the activity's lock: each waiting signup sees the position of
		// its row among the waiting rows of the staff list. An answer's
		// position may only have grown since (signups made before it but
		// decided after it went ahead; nobody left).
		var waiting []string
		for _, su := range a.allSignups(t, org.Organiser, act.ID) {
			if su.Status == "waitlisted" {
				waiting = append(waiting, su.ID)
			}
		}
		if len(waiting) != len(positionOf) {
			t.Fatalf("%d waiting in the staff list, %d answered waitlisted", len(waiting), len(positionOf))
		}
		for i, id := range waiting {
			// A sample is enough to see positions (and cheap under -race).
			if i%7 != 0 && i != len(waiting)-1 {
				continue
			}
			var m managedJSON
			a.must(200, "GET", "/api/v1/signups/"+tokenOf[id], nil).JSON(t, &m)
			if m.WaitlistPosition == nil || *m.WaitlistPosition != i+1 {
				t.Fatalf("the staff list's waiting signup %d sees position %v", i+1, m.WaitlistPosition)
			}
			if positionOf[id] > i+1 {
				t.Fatalf("signup answered position %d now sees %d", positionOf[id], i+1)
			}
		}
		// Nobody waits whose party fits into the free seats.
		a.checkSeatInvariant(t, org.Organiser, act.ID, seatcheck.NobodyWaitsWhoFits)
	})
	t.Run("OneEmailOnce", func(t *testing.T) {
		other := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 100}))
		const n = 40
		statuses := make([]int, n)
		codes := make([]string, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				email := "same@example.org"
				if i%2 == 1 {
					email = strings.ToUpper(email)
				}
				r := a.do("POST", "/api/v1/activities/"+other.ID+"/signups", signupBody(email, nil))
				statuses[i], codes[i] = r.Status, r.ErrorCode()
			}()
		}
		wg.Wait()
		accepted := 0
		for i := range n {
			switch {
			case statuses[i] == 201:
				accepted++
			case statuses[i] != 409 || codes[i] != "already_registered":
				t.Fatalf("signup %d: %d %s", i, statuses[i], codes[i])
			}
		}
		if accepted != 1 {
			t.Fatalf("%d signups accepted for one email", accepted)
		}
		if got := a.activity(t, org.Organiser, other.ID); got.SeatsTaken != 1 {
			t.Fatalf("seats_taken %d", got.SeatsTaken)
		}
	})
	t.Run("ConcurrentCancellationsRefill", func(t *testing.T) {
		var cancel []signupJSON
		for _, r := range results {
			if r.su.Status == "confirmed" && len(cancel) < 10 {
				cancel = append(cancel, r.su)
			}
		}
		if len(cancel) != 10 {
			t.Fatalf("only %d confirmed signups", len(cancel))
		}
		// The waiting list's order before the cancellations: signup
		// time, which the staff list shows (WaitlistedInOrder).
		rankOf, partyAt := map[string]int{}, map[int]int{}
		for _, su := range a.allSignups(t, org.Organiser, act.ID) {
			if su.Status == "waitlisted" {
				rankOf[su.ID] = len(rankOf) + 1
				partyAt[rankOf[su.ID]] = su.PartySize
			}
		}
		statuses := make([]int, len(cancel))
		for i, su := range cancel {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = a.do("POST", "/api/v1/signups/"+su.ManageToken+"/cancel", nil).Status
			}()
		}
		wg.Wait()
		for i, s := range statuses {
			if s != 200 {
				t.Fatalf("cancel %d: %d", i, s)
			}
		}
		byID := a.checkSeatInvariant(t, org.Organiser, act.ID, seatcheck.NobodyWaitsWhoFits)
		var promoted, waiting []int // positions
		for id, pos := range rankOf {
			switch byID[id].Status {
			case "confirmed":
				promoted = append(promoted, pos)
			case "waitlisted":
				waiting = append(waiting, pos)
			default:
				t.Fatalf("waitlisted signup became %s", byID[id].Status)
			}
		}
		if len(promoted) == 0 {
			t.Fatal("nobody was promoted")
		}
		// Fairness: whoever still waits ahead of a promoted signup did not
		// fit when it was promoted, so their party is larger.
		sort.Ints(promoted)
		for _, p := range promoted {
			for _, w := range waiting {
				if w < p && partyAt[w] <= partyAt[p] {
					t.Fatalf("#%d (party %d) promoted ahead of #%d (party %d)", p, partyAt[p], w, partyAt[w])
				}
			}
		}
		// And positions close up: the first waiting now see 1, 2, ...
		sort.Ints(waiting)
		idAt := map[int]string{}
		for id, pos := range rankOf {
			idAt[pos] = id
		}
		for want, pos := range waiting[:min(5, len(waiting))] {
			var m managedJSON
			a.must(200, "GET", "/api/v1/signups/"+tokenOf[idAt[pos]], nil).JSON(t, &m)
			if m.WaitlistPosition == nil || *m.WaitlistPosition != want+1 {
				t.Fatalf("old #%d now at %v, want %d", pos, m.WaitlistPosition, want+1)
			}
		}
	})
}
