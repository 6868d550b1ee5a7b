package console

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// staffConfirmCancelActivity asks before an activity is cancelled, with
// how many people will be emailed and the reason they will read.
func (s *Server) staffConfirmCancelActivity(c *fiber.Ctx) error {
	return s.renderCancelActivity(c, fiber.StatusOK, c.Params("id"), nil)
}

// renderCancelActivity is the cancel confirmation, again with its error
// when the reason was refused. Only a published activity can be
// cancelled: a draft is deleted instead.
func (s *Server) renderCancelActivity(c *fiber.Ctx, status int, id string, formErr error) error {
	list, err := s.Reg.FindAttendees(c.UserContext(), httpx.Actor(c), id, registration.AttendeeFilter{})
	if err != nil {
		return err
	}
	if list.Activity.Status != models.StatusPublished {
		return models.Errorf(models.ErrConflict, "activity %s is %s", id, list.Activity.Status)
	}
	v, err := s.staffView(c, httpx.OrgCache{}, &registration.ActivityView{Activity: list.Activity})
	if err != nil {
		return err
	}
	confirmed, waiting := list.Counts[models.SignupConfirmed], list.Counts[models.SignupWaitlisted]
	base := staffPath + "/activities/" + id
	p := staffConfirmPage{Heading: s.T(c, "staff.cancel_title", nil), Action: base + "/cancel",
		Confirm: s.T(c, "staff.cancel_submit", nil), Back: base, BackText: s.T(c, "staff.back_activity", nil),
		Lines: []string{s.T(c, "staff.cancel_activity_what", map[string]any{"Title": v.Title.Text})}}
	if n := confirmed + waiting; n > 0 {
		p.Lines = append(p.Lines, s.T(c, "staff.cancel_activity_told",
			map[string]any{"Count": n, "Confirmed": confirmed, "Waiting": waiting}))
	} else {
		p.Lines = append(p.Lines, s.T(c, "staff.cancel_activity_nobody", nil))
	}
	for _, l := range textLanguages(list.Activity.Title) {
		p.Fields = append(p.Fields, httpx.Field{ID: "f-reason-" + l, Name: "reason." + l,
			Path: "reason." + l, Type: "textarea", MaxLength: 2000,
			Label: s.T(c, "staff.cancel_reason", map[string]any{"Lang": web.NativeName(l)})})
	}
	return s.renderConfirm(c, status, p, formErr)
}

// staffConfirmDelete asks before a draft is deleted for good.
func (s *Server) staffConfirmDelete(c *fiber.Ctx) error {
	a, err := s.Reg.StaffActivity(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	if a.Status != models.StatusDraft {
		return models.Errorf(models.ErrNotDeletable, "activity %s is %s", a.ID, a.Status)
	}
	v, err := s.staffView(c, httpx.OrgCache{}, a)
	if err != nil {
		return err
	}
	base := staffPath + "/activities/" + a.ID
	return s.renderConfirm(c, fiber.StatusOK, staffConfirmPage{Heading: s.T(c, "staff.delete_title", nil),
		Action: base + "/delete", Confirm: s.T(c, "staff.delete", nil), Back: base, BackText: s.T(c, "staff.back_activity", nil),
		Lines: []string{s.T(c, "staff.delete_what", map[string]any{"Title": v.Title.Text})}}, nil)
}

// staffConfirmDisable asks before a staff account is turned off: the
// person can no longer log in.
func (s *Server) staffConfirmDisable(c *fiber.Ctx) error {
	a := httpx.Actor(c)
	u, err := s.Reg.ManagedAccount(c.UserContext(), a, c.Params("user"))
	if err != nil {
		return err
	}
	back := staffPath + "/users"
	if a.User.OrganisationID == "" {
		back += "?" + url.Values{"organisation": {u.OrganisationID}}.Encode()
	}
	return s.renderConfirm(c, fiber.StatusOK, staffConfirmPage{Section: "users",
		Heading: s.T(c, "staff.disable_title", map[string]any{"Name": u.Name}),
		Action:  staffPath + "/users/" + u.ID + "/active", Confirm: s.T(c, "staff.disable", nil),
		Back: back, BackText: s.T(c, "staff.back_users", nil), Hidden: []hiddenInput{{"active", "no"}},
		Lines: []string{s.T(c, "staff.disable_what", map[string]any{"Name": u.Name, "Email": u.Email})}}, nil)
}
