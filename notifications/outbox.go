package notifications

import (
	"context"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

// Outbox queues emails in the durable outbox collection; the delivery
// workers send them. It is registration's Mailer. Queuing is
// idempotent: each email has a de-duplication key (kind and signup, or
// message and signup), and queuing an email already queued succeeds
// without writing a second copy.
type Outbox struct {
	store    Store
	renderer *Renderer
	bodies   *BodyRenderer
	manage   models.LinkTemplate
	host     string
	now      func() time.Time
	queued   chan struct{}
	// queuing holds the ids of the emails this process is writing to the
	// outbox right now: an exclusive delivery must not send one before its
	// record has passed the dedup check.
	mu      sync.Mutex
	queuing map[string]int
}

// OutboxOptions configures an Outbox.
type OutboxOptions struct {
	Store    Store
	Renderer *Renderer
	// BaseURL is the public address, whose host names Message-IDs and
	// calendar UIDs.
	BaseURL string
	// ManageLink is the attendee's page for their signup, which emails
	// link to; the HTTP layer gives its route (wired in app).
	ManageLink models.LinkTemplate
	Now        func() time.Time
}

// NewOutbox returns an Outbox.
func NewOutbox(o OutboxOptions) (*Outbox, error) {
	u, err := url.Parse(o.BaseURL)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("notifications: BASE_URL %q has no host", o.BaseURL)
	}
	if !o.ManageLink.HasToken() {
		return nil, fmt.Errorf("notifications: manage link %q has no %s", o.ManageLink, models.LinkToken)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Outbox{store: o.Store, renderer: o.Renderer, bodies: NewBodyRenderer(),
		manage: o.ManageLink, host: u.Hostname(), now: o.Now, queued: make(chan struct{}, 1), queuing: map[string]int{}}, nil
}

// Queued signals, without blocking the queuing side, that emails were
// queued, so that the delivery loop of this process sends them at once
// instead of at its next poll.
func (o *Outbox) Queued() <-chan struct{} { return o.queued }

// Queuing reports whether the email id is being written to the outbox by
// this process (its dedup check is not done yet).
func (o *Outbox) Queuing(id string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.queuing[id] > 0
}

// mark adds (delta 1) or removes (delta -1) emails from those being queued.
func (o *Outbox) mark(docs []models.OutboxEmail, delta int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, d := range docs {
		if o.queuing[d.ID] += delta; o.queuing[d.ID] <= 0 {
			delete(o.queuing, d.ID)
		}
	}
}

func (o *Outbox) notify() {
	select {
	case o.queued <- struct{}{}:
	default:
	}
}

// SignupDedupKey is the de-duplication key of a signup email: one email of
// each kind per signup.
func SignupDedupKey(kind, signupID string) string { return kind + ":" + signupID }

// QueueSignupEmail renders the email in the signup's language (else the
// organisation's, else English) and writes it to the outbox. An email of
// the same kind already queued for the signup is success.
func (o *Outbox) QueueSignupEmail(ctx context.Context, e SignupEmail) error {
	if e.Signup.Email == "" {
		return nil // personal data erased: nobody to write to
	}
	if e.Kind == KindManageLink {
		if recent, err := o.manageLinkSentRecently(ctx, e.Signup.ID, o.now()); err != nil || recent {
			return err
		}
	}
	doc, err := o.signupEmail(e)
	if err != nil {
		return err
	}
	if err := o.withdrawChange(ctx, e); err != nil {
		return err
	}
	if _, err := o.insertMany(ctx, []models.OutboxEmail{doc}); err != nil {
		return fmt.Errorf("notifications: queue %s email: %w", e.Kind, err)
	}
	return nil
}

// QueueSignupEmails is QueueSignupEmail for many emails, written in one
// unordered write; it returns how many were new.
func (o *Outbox) QueueSignupEmails(ctx context.Context, es []SignupEmail) (int, error) {
	docs := make([]models.OutboxEmail, 0, len(es))
	for _, e := range es {
		if e.Signup.Email == "" {
			continue // personal data erased: nobody to write to
		}
		doc, err := o.signupEmail(e)
		if err != nil {
			return 0, err
		}
		if err := o.withdrawChange(ctx, e); err != nil {
			return 0, err
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		return 0, nil
	}
	n, err := o.insertMany(ctx, docs)
	if err != nil {
		return 0, fmt.Errorf("notifications: queue signup emails: %w", err)
	}
	return n, nil
}

// signupEmail renders a signup email into an outbox document, with the
// calendar file for confirmations, and the manage link of its own for the
// kinds that carry one (CarriesManageLink).
func (o *Outbox) signupEmail(e SignupEmail) (models.OutboxEmail, error) {
	lang := EmailLanguage(e.Signup.Language, e.Organisation.DefaultLanguage)
	linkHash := ""
	e.ManageURL = ""
	if CarriesManageLink(e.Kind) {
		e.ManageURL, linkHash = o.manageLink()
	}
	r, err := o.renderer.RenderSignup(lang, e)
	if err != nil {
		return models.OutboxEmail{}, err
	}
	doc := o.newEmail(e.Kind, lang, e.Signup.Email, e.Signup.Name, r)
	doc.LinkTokenHash = linkHash
	doc.DedupKey = signupDedupKey(e.Kind, e.Signup.ID, doc.CreatedAt)
	doc.OrganisationID, doc.ActivityID, doc.SignupID = e.Activity.OrganisationID, e.Activity.ID, e.Signup.ID
	doc.ReplyTo = e.Organisation.Contact.Email
	if CarriesCalendar(e.Kind) {
		ics, method, err := o.renderer.SignupCalendar(lang, o.host, e, o.now())
		if err != nil {
			return models.OutboxEmail{}, err
		}
		doc.Attachments = []models.Attachment{{Filename: "activity.ics", ContentType: CalendarContentType(method), Data: ics}}
	}
	if CarriesCheckIn(e.Kind) && e.CheckInURL != "" {
		png, err := web.QRPNG(e.CheckInURL)
		if err != nil {
			return models.OutboxEmail{}, err
		}
		doc.Attachments = append(doc.Attachments, models.Attachment{Filename: "checkin.png",
			ContentType: "image/png", Data: png, ContentID: CheckInContentID})
	}
	return doc, nil
}

// newEmail returns a pending outbox document, due now, with its stable
// Message-ID.
func (o *Outbox) newEmail(kind, lang, to, toName string, r Rendered) models.OutboxEmail {
	now := o.now()
	id := models.NewID()
	return models.OutboxEmail{
		ID: id, Kind: kind, Language: lang,
		To: strings.TrimSpace(to), ToName: headerText(toName),
		Subject: headerText(r.Subject), Text: r.Text, HTML: r.HTML,
		HeaderMessageID: id + "@" + o.host,
		Status:          models.OutboxPending, NextAttemptAt: now,
		CreatedAt: now, UpdatedAt: now,
	}
}

// CarriesManageLink reports whether emails of kind carry the recipient's
// manage link: not those that announce a cancellation, after which there
// is nothing left to manage.
func CarriesManageLink(kind string) bool {
	switch kind {
	case KindConfirmed, KindWaitlisted, KindPromoted, KindReminder, KindMessage, KindManageLink, KindChanged, KindOffered,
		KindPendingDraw:
		return true
	}
	return false
}

// CarriesCalendar reports whether emails of kind attach the signup's
// calendar file: those that put the activity in the attendee's calendar,
// change it there, or take it out.
func CarriesCalendar(kind string) bool {
	switch kind {
	case KindConfirmed, KindPromoted, KindChanged, KindCancelled, KindCancelledByStaff, KindActivityCancelled:
		return true
	}
	return false
}

// manageLink issues the manage link of one email: a new token (see
// models.NewManageToken), and the hash its outbox record keeps.
func (o *Outbox) manageLink() (url, hash string) {
	token, hash := models.NewManageToken()
	return o.manage.With(token), hash
}

// MessageBatch is a batch of recipients of one organiser message.
type MessageBatch struct {
	Message      *models.Message
	Activity     models.Activity
	Organisation models.Organisation
	Recipients   []models.Signup
}

// QueueMessage writes one outbox email per recipient of the batch, in one
// unordered write, each in the recipient's language when the message has
// it, else the organisation's default, else the first language given, and
// each with a manage link of its own. It returns how many emails were new
// (a resumed batch finds some queued; their links are the first ones).
func (o *Outbox) QueueMessage(ctx context.Context, b MessageBatch) (int, error) {
	m := b.Message
	bodies := map[string]htmltemplate.HTML{}
	docs := make([]models.OutboxEmail, 0, len(b.Recipients))
	for _, su := range b.Recipients {
		lang := m.MessageLanguage(su.Language, b.Organisation.DefaultLanguage)
		body, ok := bodies[lang]
		if !ok {
			var err error
			if body, err = o.bodies.HTML(m.Format, m.Body[lang]); err != nil {
				return 0, err
			}
			bodies[lang] = body
		}
		// Template texts fall back to English for a message language
		// Agora is not translated into.
		ui := EmailLanguage(lang, "")
		title := web.PickText(b.Activity.Title, lang, b.Organisation.DefaultLanguage)
		d := &emailData{Lang: ui, Name: su.Name, Title: title, Organisation: b.Organisation.Name,
			Subject: headerText(web.PickText(m.Subject, lang, "")), Body: m.Body[lang], BodyHTML: body}
		var linkHash string
		d.ManageURL, linkHash = o.manageLink()
		d.setFooter(o.renderer.catalog, ui, "email.footer.message", map[string]any{"Title": title, "Organisation": b.Organisation.Name})
		r, err := o.renderer.render(KindMessage, d)
		if err != nil {
			return 0, err
		}
		doc := o.newEmail(KindMessage, lang, su.Email, su.Name, r)
		doc.DedupKey = "message:" + m.ID + ":" + su.ID
		doc.OrganisationID, doc.ActivityID, doc.SignupID, doc.MessageID = m.OrganisationID, m.ActivityID, su.ID, m.ID
		doc.LinkTokenHash = linkHash
		doc.ReplyTo = b.Organisation.Contact.Email
		docs = append(docs, doc)
	}
	n, err := o.insertMany(ctx, docs)
	if err != nil {
		return 0, fmt.Errorf("notifications: queue message: %w", err)
	}
	return n, nil
}

// Wake tells the delivery loop of this process to look for due emails now
// (after a staff retry, say).
func (o *Outbox) Wake() { o.notify() }

// insertMany queues docs, marked as being queued meanwhile, and wakes the
// delivery loop when some are new.
func (o *Outbox) insertMany(ctx context.Context, docs []models.OutboxEmail) (int, error) {
	o.mark(docs, 1)
	n, err := o.store.InsertOutboxMany(ctx, docs)
	if err != nil {
		// Some may be due without their record: they stay marked, so
		// that this process never sends them; RecoverOutbox sorts them
		// out at the next start.
		return 0, err
	}
	o.mark(docs, -1)
	if n > 0 {
		o.notify()
	}
	return n, nil
}
