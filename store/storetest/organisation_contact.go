package storetest

import (
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// organisationContact: an organisation's contact is stored and replaced
// whole, and an email's Reply-To survives queuing, claiming and reading.
func (s *suite) organisationContact(t *testing.T) {
	t.Run("SetOrganisationContact/OK", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		if !o.Contact.IsZero() {
			t.Fatalf("a new organisation has contact %+v", o.Contact)
		}
		c := models.Contact{Email: "hello@library.example", Phone: "+48 22 123 45 67", Website: "https://library.example/"}
		must(t, f.st.SetOrganisationContact(f.ctx, o.ID, c), "set contact")
		got, err := f.st.OrganisationByID(f.ctx, o.ID)
		must(t, err, "by id")
		if got.Contact != c {
			t.Fatalf("contact %+v, want %+v", got.Contact, c)
		}
		must(t, f.st.SetOrganisationContact(f.ctx, o.ID, models.Contact{Phone: "123"}), "replace contact")
		got, err = f.st.OrganisationBySlug(f.ctx, o.Slug)
		must(t, err, "by slug")
		if got.Contact != (models.Contact{Phone: "123"}) {
			t.Fatalf("contact %+v after replacing, want only the phone", got.Contact)
		}
	})
	t.Run("SetOrganisationContact/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		wantCode(t, f.st.SetOrganisationContact(f.ctx, models.NewID(), models.Contact{Phone: "123"}),
			models.ErrNotFound, "unknown organisation")
	})
	t.Run("OutboxReplyTo/OK", func(t *testing.T) {
		f := s.fixture(t)
		e := f.email(func(e *models.OutboxEmail) { e.ReplyTo = "hello@library.example" })
		if got := f.readEmail(e.ID); got.ReplyTo != e.ReplyTo {
			t.Fatalf("read reply-to %q, want %q", got.ReplyTo, e.ReplyTo)
		}
		claimed := f.claim(f.now, time.Minute, 10, nil)
		if len(claimed) != 1 || claimed[0].ReplyTo != e.ReplyTo {
			t.Fatalf("claimed %+v, want one email replying to %q", claimed, e.ReplyTo)
		}
	})
}
