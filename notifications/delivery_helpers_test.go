package notifications

import (
	"context"
	"fmt"
	"testing"
	"time"

	mongostore "github.com/agora-events/agora/store/mongo"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications/smtptest"
	"github.com/agora-events/agora/store/mongo/mongotest"
	"github.com/agora-events/agora/web"
)

// newTestOutbox returns an Outbox on a fresh database.
func newTestOutbox(t *testing.T) (*Outbox, *mongostore.Store) {
	t.Helper()
	st := mongotest.New(t)
	cat, err := web.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRenderer(cat)
	if err != nil {
		t.Fatal(err)
	}
	o, err := NewOutbox(OutboxOptions{Store: st, Renderer: r, BaseURL: "https://agora.example.org",
		ManageLink: "https://agora.example.org/signups/" + models.LinkToken})
	if err != nil {
		t.Fatal(err)
	}
	return o, st
}

// runDelivery runs delivery workers until the test ends or drain is
// called. drain returns once the loop has stopped claiming and every worker
// has finished and recorded its chunk: a test that has seen each email
// marked sent, and so never claimable again, then counts the messages
// knowing that no copy is still on its way.
func runDelivery(t *testing.T, o DeliveryOptions) (drain func()) {
	t.Helper()
	if o.From == "" {
		o.From = "Agora <no-reply@agora.example.org>"
	}
	if o.Logger == nil {
		o.Logger = mongotest.Logger()
	}
	d, err := NewDelivery(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.Run(ctx)
	}()
	drain = func() {
		cancel()
		<-done
	}
	t.Cleanup(drain)
	return drain
}

// smtpOptions are delivery options for a smtptest server over STARTTLS.
func smtpOptions(st *mongostore.Store, srv *smtptest.Server, o *Outbox) DeliveryOptions {
	return DeliveryOptions{Store: st, SMTPURL: fmt.Sprintf("smtp://%s:%d", srv.Host, srv.Port),
		TLSConfig: srv.ClientTLSConfig(), Concurrency: 2, RetryBase: 20 * time.Millisecond,
		MaxAttempts: 10, Wake: o.Queued()}
}

func emailFor(kind, id, addr, lang string) SignupEmail {
	e := sampleEmail(kind)
	e.Signup.ID, e.Signup.Email, e.Signup.Language = id, addr, lang
	return e
}

// waitStatus waits until the outbox email under key has status want.
func waitStatus(t *testing.T, st *mongostore.Store, key, want string) *models.OutboxEmail {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		e, err := st.OutboxByDedupKey(context.Background(), key)
		if err != nil {
			t.Fatal(err)
		}
		if e.Status == want {
			return e
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: status %s (attempts %d, %s), want %s", key, e.Status, e.Attempts, e.LastError, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
