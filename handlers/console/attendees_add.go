package console

import (
	"maps"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// addAttendeeForm is the "Add attendee" form of an activity's page as the
// librarian filled it in, with the error it got, if any.
type addAttendeeForm struct {
	form               httpx.SignupForm
	attended, overfull bool
	err                error
}

// walkInSentences are the public form's error sentences but for the name,
// whose "Enter your name" speaks to the attendee, not to the librarian:
// it gets the labelled message instead.
var walkInSentences = func() map[string]string {
	m := maps.Clone(httpx.SignupSentences)
	delete(m, "name")
	return m
}()

// addAttendeeNotices name the notice after an attendee was added, by the
// status they got.
var addAttendeeNotices = map[string]string{
	models.SignupConfirmed: "walkin", models.SignupWaitlisted: "walkin_waitlisted", models.SignupAttended: "walkin_attended",
}

// staffAddAttendee adds a walk-in or a phone registration from the
// activity's page: back to the page with a notice, or the page again with
// the form as typed and its errors.
func (s *Server) staffAddAttendee(c *fiber.Ctx) error {
	ctx, actor := c.UserContext(), httpx.Actor(c)
	a, err := s.Reg.StaffActivity(ctx, actor, c.Params("id"))
	if err != nil {
		return err
	}
	f := &addAttendeeForm{form: httpx.ReadSignupForm(c, a.Questions),
		attended: c.FormValue("attended") != "", overfull: c.FormValue("over_capacity") != ""}
	res, err := s.Reg.AddAttendee(ctx, actor, a.ID, registration.AttendeeInput{
		SignupInput: f.form.Input(a.Questions), Attended: f.attended, OverCapacity: f.overfull})
	if err != nil {
		status, ok := httpx.FormErrorStatus(err)
		if !ok {
			return err
		}
		f.err = err
		return s.renderStaffActivityWith(c, status, a, nil, f)
	}
	return c.Redirect(staffPath+"/activities/"+a.ID+"?done="+addAttendeeNotices[res.Signup.Status]+"#add-title",
		fiber.StatusSeeOther)
}

// addAttendeeFields builds the "Add attendee" form of a published
// activity, filled with f (nil: empty), and its error summary. The
// "allow over capacity" tick is offered only to those allowed to use it.
func (s *Server) addAttendeeFields(c *fiber.Ctx, a *registration.ActivityView, fallback string, f *addAttendeeForm) (httpx.Form, []httpx.ErrorLink) {
	if f == nil {
		f = &addAttendeeForm{form: httpx.SignupForm{Party: "1", Language: httpx.Lang(c)}}
	}
	form := httpx.Form{Action: staffPath + "/activities/" + a.ID + "/attendees",
		Submit: s.T(c, "staff.add_attendee_submit", nil), Fields: s.SignupFields(c, a, f.form, fallback, true)}
	for i := range form.Fields {
		form.Fields[i].ID = "add-" + form.Fields[i].ID // unique on a page with other forms
	}
	tick := func(name, label, hint string, on bool) httpx.Field {
		fv := httpx.Field{ID: "add-f-" + name, Name: name, Path: name, Type: "checkbox", Label: s.T(c, label, nil)}
		if hint != "" {
			fv.Hint = s.T(c, hint, nil)
		}
		if on {
			fv.Value = "yes"
		}
		return fv
	}
	form.Fields = append(form.Fields, tick("attended", "staff.walkin_attended", "", f.attended))
	if httpx.Actor(c).MayExceedCapacity(a.OrganisationID) {
		form.Fields = append(form.Fields, tick("over_capacity", "staff.walkin_over_capacity", "staff.walkin_over_capacity_hint", f.overfull))
	}
	var summary []httpx.ErrorLink
	if f.err != nil {
		summary, _ = s.FormErrors(c, httpx.Ptrs(form.Fields), f.err,
			httpx.Wording{Sentences: walkInSentences, Max: max(a.MaxPartySize, 1)})
	}
	httpx.Describe(httpx.Ptrs(form.Fields))
	return form, summary
}
