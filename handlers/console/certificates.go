package console

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// Certificates in the console: once an activity has taken place, its
// page issues the certificates of everyone checked in at once and lists
// them, each with a way to revoke it (behind a confirmation page, like
// every step that cannot be undone).

// certificateRow is one issued certificate on the activity's page.
type certificateRow struct {
	Code, Grouped, Name string
	Revoked             bool
}

// certificateRows lists an ended activity's certificates for its page;
// nil while certificates cannot be issued.
func (s *Server) certificateRows(c *fiber.Ctx, a *registration.ActivityView) ([]certificateRow, bool, error) {
	if !s.Reg.CertificatesOpen(&a.Activity) {
		return nil, false, nil
	}
	list, err := s.Reg.ActivityCertificates(c.UserContext(), httpx.Actor(c), a.ID)
	if err != nil {
		return nil, false, err
	}
	rows := make([]certificateRow, len(list))
	for i, ic := range list {
		rows[i] = certificateRow{Code: ic.Code, Grouped: models.GroupCertificateCode(ic.Code), Name: ic.Name,
			Revoked: ic.Revoked}
		if ic.Name == "" {
			rows[i].Name = s.T(c, "staff.erased", nil)
		}
	}
	return rows, true, nil
}

// staffIssueCertificates issues the certificates of everyone checked in.
func (s *Server) staffIssueCertificates(c *fiber.Ctx) error {
	_, err := s.Reg.IssueCertificates(c.UserContext(), httpx.Actor(c), c.Params("id"))
	return s.afterAction(c, c.Params("id"), "certificates", err)
}

// staffConfirmRevoke asks before a certificate is revoked: it stops
// verifying for good.
func (s *Server) staffConfirmRevoke(c *fiber.Ctx) error {
	id, code := c.Params("id"), c.Params("code")
	if _, err := s.Reg.StaffActivity(c.UserContext(), httpx.Actor(c), id); err != nil {
		return err
	}
	back := staffPath + "/activities/" + id
	p := staffConfirmPage{Heading: s.T(c, "staff.revoke_title", nil),
		Lines:  []string{s.T(c, "staff.revoke_text", map[string]any{"Code": models.GroupCertificateCode(code)})},
		Action: back + "/certificates/" + code + "/revoke", Confirm: s.T(c, "staff.revoke", nil),
		Back: back + "#certificates-title", BackText: s.T(c, "staff.back_activity", nil)}
	return s.renderConfirm(c, fiber.StatusOK, p, nil)
}

// staffRevokeCertificate revokes a certificate and goes back to the
// activity's page.
func (s *Server) staffRevokeCertificate(c *fiber.Ctx) error {
	err := s.Reg.RevokeCertificate(c.UserContext(), httpx.Actor(c), c.Params("code"))
	return s.afterAction(c, c.Params("id"), "revoked", err)
}
