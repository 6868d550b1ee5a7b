package notifications

import (
	"bytes"
	"context"
	"fmt"
	htmltemplate "html/template"
	texttemplate "text/template"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

// KindInvitation is the email with a new staff member's set-password link.
const KindInvitation = "invitation"

// Invitation asks for the set-password email of a staff account.
type Invitation struct {
	// ID names this link; it makes the email's de-duplication key.
	ID           string
	User         models.User
	Organisation models.Organisation
	// Language is the email's language (the inviting manager's).
	Language  string
	Link      string
	ExpiresAt time.Time
}

// The invitation templates are parsed once, when the package loads, with
// a placeholder translation function that each email replaces with its
// language's: a broken template stops the program at start-up.
var (
	invitationHTML = htmltemplate.Must(htmltemplate.New(KindInvitation).
			Funcs(htmltemplate.FuncMap{"t": func(string, ...any) string { return "" }}).
			ParseFS(web.Emails, "emails/html/layout.tmpl", "emails/html/"+KindInvitation+".tmpl"))
	invitationText = texttemplate.Must(texttemplate.New(KindInvitation).
			Funcs(texttemplate.FuncMap{"t": func(string, ...any) string { return "" }}).
			ParseFS(web.Emails, "emails/text/layout.tmpl", "emails/text/"+KindInvitation+".tmpl"))
)

// QueueInvitation renders the set-password email and writes it to the
// outbox; queuing the same link twice writes one email.
func (o *Outbox) QueueInvitation(ctx context.Context, inv Invitation) error {
	r, err := o.renderer.RenderInvitation(inv)
	if err != nil {
		return err
	}
	lang := EmailLanguage(inv.Language, inv.Organisation.DefaultLanguage)
	doc := o.newEmail(KindInvitation, lang, inv.User.Email, inv.User.Name, r)
	doc.DedupKey = KindInvitation + ":" + inv.ID
	doc.OrganisationID = inv.Organisation.ID
	if _, err := o.store.InsertOutbox(ctx, &doc); err != nil {
		return fmt.Errorf("notifications: queue invitation: %w", err)
	}
	o.notify()
	return nil
}

// RenderInvitation renders the set-password email in the invitation's
// language (else the organisation's, else English).
func (r *Renderer) RenderInvitation(inv Invitation) (Rendered, error) {
	lang := EmailLanguage(inv.Language, inv.Organisation.DefaultLanguage)
	tr := r.translator(lang)
	d := &emailData{Lang: lang, Dir: "ltr", Align: "left", Name: inv.User.Name,
		Organisation: inv.Organisation.Name, ManageURL: inv.Link,
		When: FormatDate(lang, inv.ExpiresAt.In(zoneOf(inv.Organisation.Timezone))) + " " +
			FormatTime(lang, inv.ExpiresAt.In(zoneOf(inv.Organisation.Timezone)))}
	if models.IsRTL(lang) {
		d.Dir, d.Align = "rtl", "right"
	}
	d.Subject = headerText(tr("email.invitation.subject", "Organisation", inv.Organisation.Name))
	d.Footer = tr("email.invitation.footer", "Organisation", inv.Organisation.Name)
	h, err := invitationHTML.Clone()
	if err != nil {
		return Rendered{}, err
	}
	t, err := invitationText.Clone()
	if err != nil {
		return Rendered{}, err
	}
	var hb, tb bytes.Buffer
	if err := h.Funcs(htmltemplate.FuncMap{"t": tr}).ExecuteTemplate(&hb, "layout", d); err != nil {
		return Rendered{}, fmt.Errorf("notifications: render invitation html: %w", err)
	}
	if err := t.Funcs(texttemplate.FuncMap{"t": tr}).ExecuteTemplate(&tb, "layout", d); err != nil {
		return Rendered{}, fmt.Errorf("notifications: render invitation text: %w", err)
	}
	return Rendered{Subject: d.Subject, Text: tidyText(tb.String()), HTML: hb.String()}, nil
}

// zoneOf loads a time zone, UTC when it is unknown.
func zoneOf(tz string) *time.Location {
	if loc, err := time.LoadLocation(tz); err == nil {
		return loc
	}
	return time.UTC
}
