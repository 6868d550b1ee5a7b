package main

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/agora-events/agora/notifications/smtptest"
)

// outboxRecord is an email of GET /api/v1/outbox.
type outboxRecord struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	To        string `json:"to"`
	Status    string `json:"status"`
	SignupID  string `json:"signup_id"`
	MessageID string `json:"message_id"`
}

// allOutbox reads every email visible with token, following the cursor.
func (a *testApp) allOutbox(t testing.TB, token string) []outboxRecord {
	t.Helper()
	var all []outboxRecord
	path := "/api/v1/outbox?limit=100"
	for {
		var page struct {
			Items      []outboxRecord `json:"items"`
			NextCursor *string        `json:"next_cursor"`
		}
		a.must(200, "GET", path, nil, bearer(token)...).JSON(t, &page)
		all = append(all, page.Items...)
		if page.NextCursor == nil {
			return all
		}
		path = "/api/v1/outbox?limit=100&cursor=" + url.QueryEscape(*page.NextCursor)
	}
}

// storm is attendees signing up (and some cancelling) from several
// clients at once, recording every answer they were given.
type storm struct {
	c        *crashClient
	activity string
	stop     atomic.Bool
	wg       sync.WaitGroup

	mu        sync.Mutex
	answered  map[string]signupJSON // email → its 201
	party     map[string]int        // email → party size asked
	cancelled map[string]bool       // email → its cancellation answered 200
	tried     map[string]bool       // email → a cancellation was sent (answered or not)
}

// run starts n clients, each signing up new people until stopped; every
// fifth confirmed signup of a client is then cancelled by its token.
func (s *storm) run(n int) {
	for w := range n {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			for i := 0; !s.stop.Load(); i++ {
				email := fmt.Sprintf("storm-%d-%d@example.org", w, i)
				party := 1 + i%2
				r, err := s.c.try("POST", "/api/v1/activities/"+s.activity+"/signups",
					signupBody(email, map[string]any{"party_size": party}))
				if err != nil {
					continue // killed meanwhile: its outcome is unknown
				}
				if r.Status != 201 {
					s.c.t.Errorf("%s: %d %s", email, r.Status, r.Body)
					return
				}
				var su signupJSON
				r.JSON(s.c.t, &su)
				s.mu.Lock()
				s.answered[email], s.party[email] = su, party
				s.mu.Unlock()
				if su.Status != "confirmed" || i%5 != 4 {
					continue
				}
				s.mu.Lock()
				s.tried[email] = true
				s.mu.Unlock()
				if r, err := s.c.try("POST", "/api/v1/signups/"+su.ManageToken+"/cancel", nil); err == nil {
					if r.Status != 200 {
						s.c.t.Errorf("cancel %s: %d %s", email, r.Status, r.Body)
						return
					}
					s.mu.Lock()
					s.cancelled[email] = true
					s.mu.Unlock()
				}
			}
		}()
	}
}

func (s *storm) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.answered)
}

// TestSIGKILLDuringSignupStormAndMailing kills the real binary (embedded
// store, real SMTP) with SIGKILL while signups and cancellations pour in
// and an organiser message is being delivered, then restarts it on the
// same DATA_DIR and checks:
//   - no 201 is lost: every signup answered 201 exists, with the status it
//     was given or a later legitimate one (waitlisted → confirmed by
//     promotion; confirmed → cancelled only when its cancellation was sent);
//   - counters are reconciled: seats_taken is the confirmed party sum,
//     waitlist_count the waiting signups;
//   - every queued email is delivered, and delivered once, with one
//     exception the design documents: an email the server accepted whose
//     "sent" the killed process never recorded is sent once more after the
//     restart. So no Message-ID arrives more than twice, a second copy only
//     ever follows a first copy received before the kill, and there are at
//     most as many second copies as the process may have had in flight:
//     a worker records "sent" right after each chunk it sends, so at most
//     MAIL_CONCURRENCY workers × one chunk (notifications' chunkMax, 50).
func TestSIGKILLDuringSignupStormAndMailing(t *testing.T) {
	const concurrency, batch = 2, 50
	bin := buildAgora(t)
	dir := t.TempDir()
	box, smtpURL := newMailbox(t)
	env := processEnv(dir, map[string]string{"ADMIN_EMAIL": testAdminEmail, "ADMIN_PASSWORD": testAdminPassword,
		"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "100ms", "SCHEDULER_INTERVAL": "200ms",
		"MAIL_CONCURRENCY": fmt.Sprint(concurrency), "MAIL_RATE_PER_SECOND": "40"})
	p := startProcess(t, bin, env)
	c := newCrashClient(t, p)
	c.setUp(t)
	act := c.publishedActivity(t, c.admin, activityBody(7, map[string]any{"capacity": 60, "max_party_size": 2,
		"organisation_id": c.testApp.activity(t, c.admin, c.activity).OrganisationID}))
	s := &storm{c: c, activity: act.ID, answered: map[string]signupJSON{}, party: map[string]int{},
		cancelled: map[string]bool{}, tried: map[string]bool{}}

	// Sixty people are in before the mailing; then the storm goes on
	// while the message is delivered, and the process is killed midway.
	s.run(4)
	for s.count() < 60 {
		time.Sleep(20 * time.Millisecond)
	}
	var msg struct {
		ID         string `json:"id"`
		Recipients int    `json:"recipients"`
	}
	c.must(202, "POST", "/api/v1/activities/"+act.ID+"/messages", map[string]any{
		"subject": map[string]string{"en": "Practical details"}, "body": map[string]string{"en": "Bring a pen."},
		"audience": []string{"confirmed"}}, bearer(c.admin)...).JSON(t, &msg)
	messageMails := func() int {
		n := 0
		for _, m := range box.srv.Messages() {
			if strings.Contains(string(m.Data), "Practical details") {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(60 * time.Second)
	for messageMails() < msg.Recipients/3 {
		if time.Now().After(deadline) {
			t.Fatalf("the mailing or the storm did not get going: %d message emails, %d signups", messageMails(), s.count())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.wait(10 * time.Second)
	s.stop.Store(true)
	s.wg.Wait()
	// The server closes a connection of the dead process once it has
	// handled what the process had sent on it.
	box.srv.WaitIdle(10 * time.Second)
	beforeKill := len(box.srv.Messages())
	if messageMails() >= msg.Recipients {
		t.Fatalf("the mailing was over before the kill (%d of %d): the test proves nothing", messageMails(), msg.Recipients)
	}
	t.Logf("killed after %d signups answered, %d emails received (%d of %d message emails)",
		s.count(), beforeKill, messageMails(), msg.Recipients)

	p2 := startProcess(t, bin, env)
	c2 := c.on(p2)
	c2.waitMessage(t, c2.admin, msg.ID)

	t.Run("No201Lost", func(t *testing.T) {
		byID := c2.checkSeatInvariant(t, c2.admin, act.ID)
		for email, given := range s.answered {
			su, ok := byID[given.ID]
			if !ok {
				t.Errorf("%s was answered 201 (%s) and is gone", email, given.Status)
				continue
			}
			legit := map[string][]string{
				"confirmed":  {"confirmed"},
				"waitlisted": {"waitlisted", "confirmed"},
			}[given.Status]
			if s.tried[email] {
				legit = append(legit, "cancelled")
			}
			if s.cancelled[email] {
				legit = []string{"cancelled"}
			}
			if !contains(legit, su.Status) || su.Email != email || su.PartySize != s.party[email] {
				t.Errorf("%s: answered %s, now %s (party %d of %d); want one of %v",
					email, given.Status, su.Status, su.PartySize, s.party[email], legit)
			}
		}
	})
	t.Run("CountersReconciled", func(t *testing.T) {
		got := c2.testApp.activity(t, c2.admin, act.ID)
		if got.SeatsTaken > got.Capacity {
			t.Fatalf("seats_taken %d above capacity %d", got.SeatsTaken, got.Capacity)
		}
		c2.checkSeatInvariant(t, c2.admin, act.ID)
	})
	t.Run("EverySignupTold", func(t *testing.T) {
		kinds := map[string][]string{}
		for _, r := range c2.allOutbox(t, c2.admin) {
			if r.SignupID != "" && r.MessageID == "" {
				kinds[r.SignupID] = append(kinds[r.SignupID], r.Kind)
			}
		}
		for _, su := range c2.allSignups(t, c2.admin, act.ID) {
			want := map[string][]string{"confirmed": {"confirmed", "promoted"}, "waitlisted": {"waitlisted"},
				"cancelled": {"cancelled"}}[su.Status]
			told := false
			for _, k := range kinds[su.ID] {
				told = told || contains(want, k)
			}
			if !told {
				t.Errorf("signup %s (%s) was never told: emails %v", su.ID, su.Status, kinds[su.ID])
			}
		}
	})
	t.Run("MessageComplete", func(t *testing.T) {
		st := c2.waitMessage(t, c2.admin, msg.ID)
		if st.Recipients != msg.Recipients || st.Sent != st.Recipients || st.Failed != 0 {
			t.Fatalf("message %+v, %d recipients at queuing", st, msg.Recipients)
		}
	})
	// Every email sent, the process stops and the server has closed its
	// connections: a stray extra copy would be among the messages now.
	records := c2.waitOutboxSent(t, c2.admin)
	p2.stop()
	box.srv.WaitIdle(30 * time.Second)
	t.Run("EveryMailOnce", func(t *testing.T) {
		msgs := box.srv.Messages()
		first := map[string]int{} // Message-ID local part → index of its first copy
		copies := map[string]int{}
		for i, m := range msgs {
			id := receivedMessageID(t, m)
			if _, seen := first[id]; !seen {
				first[id] = i
			}
			copies[id]++
		}
		seenKey := map[string]bool{}
		for _, r := range records {
			key := r.Kind + "|" + r.SignupID + "|" + r.MessageID
			if seenKey[key] {
				t.Errorf("two emails queued for one event %s", key)
			}
			seenKey[key] = true
			if copies[r.ID] == 0 {
				t.Errorf("email %s (%s to %s) marked %s was never received", r.ID, r.Kind, r.To, r.Status)
			}
		}
		twice := 0
		for id, n := range copies {
			switch {
			case !containsRecord(records, id):
				t.Errorf("received Message-ID %s that the outbox does not hold", id)
			case n > 2:
				t.Errorf("Message-ID %s received %d times", id, n)
			case n == 2:
				twice++
				if first[id] >= beforeKill {
					t.Errorf("Message-ID %s received twice, both after the restart", id)
				}
			}
		}
		if twice > concurrency*batch {
			t.Errorf("%d emails received twice; at most %d can be in flight when the process dies", twice, concurrency*batch)
		}
		t.Logf("%d emails, %d received twice (across the kill)", len(records), twice)
	})
}

// waitOutboxSent waits until every email is sent and returns them all.
func (a *testApp) waitOutboxSent(t testing.TB, token string) []outboxRecord {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		all := a.allOutbox(t, token)
		waiting := 0
		for _, r := range all {
			if r.Status != "sent" {
				waiting++
			}
		}
		if waiting == 0 {
			return all
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d emails still not sent", waiting, len(all))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// receivedMessageID is the local part of a received message's Message-ID,
// which is its outbox id.
func receivedMessageID(t testing.TB, msg smtptest.Message) string {
	t.Helper()
	id := strings.Trim(parseReceived(t, msg).Header.Get("Message-Id"), "<>")
	local, _, ok := strings.Cut(id, "@")
	if !ok {
		t.Fatalf("Message-ID %q", id)
	}
	return local
}

func containsRecord(records []outboxRecord, id string) bool {
	for _, r := range records {
		if r.ID == id {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
