package public

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// The manage page's edit form changes the party size and the answers,
// with the signup form's own controls, checks and wording: the attendee
// sees the same questions, the same way, as when they signed up.

// editState is the edit form as posted, with the error it met; nil shows
// the form filled with the signup as it is.
type editState struct {
	form httpx.SignupForm
	err  error
}

// pageChange changes a signup from its manage page: on success back to
// the page with a notice (PRG), else the page again with what was typed
// and the errors; on no_seats the page says so, and the signup is as it
// was.
func (s *Server) pageChange(c *fiber.Ctx) error {
	ctx, token := c.UserContext(), c.Params("token")
	m, err := s.Reg.SignupByToken(ctx, token)
	if err != nil {
		return err
	}
	form := httpx.ReadSignupForm(c, m.Activity.Questions)
	_, err = s.Reg.ChangeByToken(ctx, token, changeOf(form, m.Activity.Questions))
	if err == nil {
		return c.Redirect(manageURL(token)+"?done=change", fiber.StatusSeeOther)
	}
	status, ok := httpx.FormErrorStatus(err)
	if !ok {
		return err
	}
	changeErr := err
	if m, err = s.Reg.SignupByToken(ctx, token); err != nil {
		return err
	}
	if !m.CanCancel {
		// It can no longer change (cancelled, or started meanwhile): the
		// page says why, without the form.
		return s.renderManage(c, status, m, changeErr, nil)
	}
	return s.renderManage(c, status, m, nil, &editState{form: form, err: changeErr})
}

// changeOf is the change a posted edit form asks for: every question is
// answered as posted, so that an answer emptied is cleared.
func changeOf(f httpx.SignupForm, qs []models.Question) registration.SignupChange {
	in := f.Input(qs)
	ch := registration.SignupChange{Answers: in.Answers}
	if f.Party != "" {
		ch.PartySize = &in.PartySize
	}
	for _, q := range qs {
		if _, ok := ch.Answers[q.ID]; !ok {
			ch.Answers[q.ID] = nil
		}
	}
	return ch
}

// formOf is the edit form filled with the signup as it is.
func formOf(su models.Signup) httpx.SignupForm {
	f := httpx.SignupForm{Party: strconv.Itoa(su.PartySize), Answers: map[string]string{}}
	for id, v := range su.Answers {
		switch v := v.(type) {
		case string:
			f.Answers[id] = v
		case bool:
			f.Answers[id] = map[bool]string{true: "yes", false: "no"}[v]
		}
	}
	return f
}

// editForm builds the edit form of a signup that may change (nil when
// there is nothing to change: one person at most and no questions), with
// the errors of edit, which it ties to its fields and returns as the
// page's error summary.
func (s *Server) editForm(c *fiber.Ctx, m *registration.ManagedSignup, edit *editState) (*httpx.Form, []httpx.ErrorLink) {
	fallback := models.DefaultLanguage
	if o, err := s.Reg.OrganisationByRef(c.UserContext(), m.Activity.OrganisationID); err == nil {
		fallback = o.DefaultLanguage
	}
	if edit == nil {
		edit = &editState{form: formOf(m.Signup)}
	}
	av := &registration.ActivityView{Activity: m.Activity}
	form := &httpx.Form{Action: manageURL(c.Params("token")) + "/change", Submit: s.T(c, "edit.submit", nil)}
	for _, f := range s.SignupFields(c, av, edit.form, fallback, false) {
		if f.Name == "party_size" || strings.HasPrefix(f.Name, "q.") {
			form.Fields = append(form.Fields, f)
		}
	}
	if len(form.Fields) == 0 {
		return nil, nil
	}
	var summary []httpx.ErrorLink
	if edit.err != nil {
		summary, _ = s.FormErrors(c, httpx.Ptrs(form.Fields), edit.err,
			httpx.Wording{Sentences: httpx.SignupSentences, Max: max(m.Activity.MaxPartySize, 1)})
		form.Errors = summary
	}
	httpx.Describe(httpx.Ptrs(form.Fields))
	return form, summary
}
