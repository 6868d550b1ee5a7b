package console

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// staffNewActivity shows an empty activity form with the organisation's
// defaults; an admin also chooses the organisation.
func (s *Server) staffNewActivity(c *fiber.Ctx) error {
	a := httpx.Actor(c)
	ref := a.Scope(c.Query("organisation"))
	o := &models.Organisation{DefaultLanguage: httpx.Lang(c), Timezone: "UTC"}
	if ref != "" {
		org, err := s.Reg.OrganisationForActivities(c.UserContext(), a, ref)
		if err != nil {
			return err
		}
		o = org
	}
	f := newActivityForm(o)
	return s.renderActivityForm(c, fiber.StatusOK, "", &f, nil)
}

// staffCreateActivity adds or removes a row of the form, or creates the
// draft and shows it.
func (s *Server) staffCreateActivity(c *fiber.Ctx) error {
	f := readActivityForm(c)
	if f.applyAction(c.FormValue("action")) {
		return s.renderActivityForm(c, fiber.StatusOK, "", &f, nil)
	}
	req, err := f.request(true)
	if err == nil {
		var v *registration.ActivityView
		if v, err = s.Reg.CreateActivity(c.UserContext(), httpx.Actor(c), req); err == nil {
			return c.Redirect(staffPath+"/activities/"+v.ID+"?done=created", fiber.StatusSeeOther)
		}
	}
	return s.activityFormFailed(c, "", &f, err)
}

// staffEditActivity shows the form of an activity.
func (s *Server) staffEditActivity(c *fiber.Ctx) error {
	v, err := s.Reg.StaffActivity(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	f := activityFormOf(v)
	return s.renderActivityForm(c, fiber.StatusOK, v.ID, &f, nil)
}

// staffUpdateActivity adds or removes a row, or saves every field of the
// form (the API's PATCH with all of them).
func (s *Server) staffUpdateActivity(c *fiber.Ctx) error {
	v, err := s.Reg.StaffActivity(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	f := readActivityForm(c)
	if f.applyAction(c.FormValue("action")) {
		return s.renderActivityForm(c, fiber.StatusOK, v.ID, &f, nil)
	}
	req, err := f.request(false)
	if err == nil {
		keepTranslations(req, v)
		if _, err = s.Reg.UpdateActivity(c.UserContext(), httpx.Actor(c), v.ID, req); err == nil {
			return c.Redirect(staffPath+"/activities/"+v.ID+"?done=saved", fiber.StatusSeeOther)
		}
	}
	return s.activityFormFailed(c, v.ID, &f, err)
}

// activityFormFailed shows the form again with err, when it is one the
// form can show.
func (s *Server) activityFormFailed(c *fiber.Ctx, id string, f *activityForm, err error) error {
	status, ok := httpx.FormErrorStatus(err)
	if !ok {
		return err
	}
	return s.renderActivityForm(c, status, id, f, err)
}

func (s *Server) renderActivityForm(c *fiber.Ctx, status int, id string, f *activityForm, formErr error) error {
	a := httpx.Actor(c)
	var orgs []httpx.Option
	if id == "" && a.User.OrganisationID == "" {
		list, err := s.Reg.ListOrganisations(c.UserContext(), "", registration.MaxLimit)
		if err != nil {
			return err
		}
		for _, o := range list.Items {
			orgs = append(orgs, httpx.Option{Value: o.ID, Label: o.Name})
		}
	}
	p := s.activityFormView(c, f, orgs)
	title, section := "staff.new_activity", "new"
	p.Action = staffPath + "/activities"
	if id != "" {
		title, section = "staff.edit_activity", "dashboard"
		p.Action, p.Editing, p.ActivityID = staffPath+"/activities/"+id+"/edit", true, id
		n, err := s.Reg.PeopleToTell(c.UserContext(), a, id)
		if err != nil {
			return err
		}
		if n > 0 {
			p.ChangeNotice = s.T(c, "staff.change_notice", map[string]any{"Count": n})
		}
	}
	p.Layout = s.staffLayout(c, s.T(c, title, nil), section)
	fields := p.fields()
	errs, shown, err := s.formErrors(c, fields, formErr, true)
	if err != nil {
		return err
	}
	p.Errors, p.HasErrors = errs, shown
	return s.Render(c, status, "staff_activity_form", p)
}
