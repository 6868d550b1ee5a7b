package notifications

import (
	"context"
	"fmt"
	"time"

	"github.com/agora-events/agora/models"
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
	d := &emailData{Lang: lang, Name: inv.User.Name, Organisation: inv.Organisation.Name, ManageURL: inv.Link,
		When: r.catalog.DateTime(lang, inv.ExpiresAt, inv.Organisation.Timezone)}
	data := map[string]any{"Organisation": inv.Organisation.Name}
	d.Subject = headerText(r.catalog.T(lang, "email.invitation.subject", data))
	d.setFooter(r.catalog, lang, "email.invitation.footer", data)
	return r.render(KindInvitation, d)
}
