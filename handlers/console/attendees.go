package console

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

type answerView struct{ Label, Value string }

type attendeeView struct {
	ID, Name, Email, Phone, Language, Status, StatusText string
	Party                                                int
	Answers                                              []answerView
	CreatedAt                                            time.Time
	CanCheckIn, CanCancel, Erased                        bool
	ByStaff                                              bool   // a walk-in or phone registration
	CancelURL                                            string // the confirmation page, back to the list as filtered
}

type statusTab struct {
	Label, URL string
	Count      int
	Current    bool
}

type attendeesPage struct {
	httpx.Layout
	Notice    string
	A         staffActivityView
	CSRF      string
	Status, Q string
	Tabs      []statusTab
	Items     []attendeeView
	Truncated bool
	// NoCheckIns reminds the staff at the door, once the activity has
	// started, that nobody has been checked in yet.
	NoCheckIns   bool
	CSVURL, Base string
	Errors       []httpx.ErrorLink
}

// staffAttendees lists an activity's signups for the staff at the door:
// by status, searched by name or email, with check-in and cancel buttons
// big enough for a thumb.
func (s *Server) staffAttendees(c *fiber.Ctx) error {
	return s.renderAttendees(c, fiber.StatusOK, c.Params("id"), c.Query("status"), c.Query("q"), nil)
}

func (s *Server) renderAttendees(c *fiber.Ctx, status int, id, filter, q string, pageErr error) error {
	f := registration.AttendeeFilter{Query: q}
	if filter != "" {
		f.Statuses = []string{filter}
	}
	list, err := s.Reg.FindAttendees(c.UserContext(), httpx.Actor(c), id, f)
	if err != nil {
		return err
	}
	lang := httpx.Lang(c)
	view := registration.ActivityView{Activity: list.Activity, SeatsLeft: list.Activity.SeatsLeft(),
		WaitlistCount: list.Counts[models.SignupWaitlisted]}
	v, err := s.staffView(c, httpx.OrgCache{}, &view)
	if err != nil {
		return err
	}
	base := staffPath + "/activities/" + id + "/attendees"
	p := attendeesPage{Layout: s.staffLayout(c, s.T(c, "staff.attendees_title", nil)+": "+v.Title.Text, "dashboard"),
		Notice: s.notice(c), A: v, CSRF: s.csrfToken(c), Status: filter, Q: q, Truncated: list.Truncated,
		CSVURL: staffPath + "/activities/" + id + "/attendees.csv", Base: base}
	kept := ""
	if u := keptFilter(filter, q); len(u) > 0 {
		kept = "?" + u.Encode()
	}
	total := 0
	for _, n := range list.Counts {
		total += n
	}
	tab := func(st, label string, n int) statusTab {
		u := url.Values{}
		if st != "" {
			u.Set("status", st)
		}
		if q != "" {
			u.Set("q", q)
		}
		href := base
		if len(u) > 0 {
			href += "?" + u.Encode()
		}
		return statusTab{Label: label, URL: href, Count: n, Current: st == filter}
	}
	p.Tabs = append(p.Tabs, tab("", s.T(c, "staff.all", nil), total))
	for _, st := range registration.SignupStatuses() {
		p.Tabs = append(p.Tabs, tab(st, s.T(c, "staff.status_"+st, nil), list.Counts[st]))
	}
	door := s.Reg.CheckInOpen(&list.Activity)
	p.NoCheckIns = list.Activity.Status == models.StatusPublished && list.Activity.Started(time.Now()) &&
		list.Counts[models.SignupAttended] == 0 && list.Counts[models.SignupConfirmed] > 0
	for _, su := range list.Items {
		av := attendeeView{ID: su.ID, Name: su.Name, Email: su.Email, Phone: su.Phone, Language: su.Language,
			Status: su.Status, StatusText: s.T(c, "staff.status_"+su.Status, nil), Party: su.PartySize,
			CreatedAt: su.CreatedAt, Erased: su.ErasedAt != nil, ByStaff: su.Origin() == models.SourceStaff,
			CanCheckIn: door && models.SignupHoldsSeat(su.Status), CanCancel: models.SignupActive(su.Status),
			CancelURL: staffPath + "/signups/" + su.ID + "/cancel" + kept}
		for _, qn := range list.Activity.Questions {
			if ans, ok := su.Answers[qn.ID]; ok {
				av.Answers = append(av.Answers, answerView{Label: web.PickText(qn.Label, lang, v.OrgLanguage),
					Value: s.answerText(c, qn, ans, v.Title.Lang)})
			}
		}
		p.Items = append(p.Items, av)
	}
	if pageErr != nil {
		p.Errors, p.HasErrors = []httpx.ErrorLink{{Text: s.T(c, "error."+models.ErrorCode(pageErr), nil)}}, true
	}
	return s.Render(c, status, "staff_attendees", p)
}

// answerText shows an answer: yes/no for a boolean, a choice's label in
// the staff member's language (its id when the option is gone), else as
// given.
func (s *Server) answerText(c *fiber.Ctx, q models.Question, v any, orgDefault string) string {
	switch v := v.(type) {
	case bool:
		if v {
			return s.T(c, "form.yes", nil)
		}
		return s.T(c, "form.no", nil)
	case string:
		if o, ok := q.Option(v); ok && q.Type == models.QuestionChoice {
			label, _ := web.OptionLabel(o, httpx.Lang(c), orgDefault)
			return label
		}
		return v
	default:
		return httpx.FormatAnswer(v)
	}
}

// attendeeAction answers a check-in or a cancellation: back to the
// attendees list as it was filtered, at the attendee, or the list with
// the error when it is one to show.
func (s *Server) attendeeAction(c *fiber.Ctx, su *models.Signup, done string, err error) error {
	filter, q := c.FormValue("filter"), c.FormValue("q")
	if err != nil {
		status, ok := httpx.FormErrorStatus(err)
		if !ok {
			return err
		}
		return s.renderAttendees(c, status, c.FormValue("activity"), filter, q, err)
	}
	u := keptFilter(filter, q)
	u.Set("done", done)
	return c.Redirect(staffPath+"/activities/"+su.ActivityID+"/attendees?"+u.Encode()+"#s-"+su.ID, fiber.StatusSeeOther)
}

// staffCheckIn records that an attendee came (attended) or not (no_show).
func (s *Server) staffCheckIn(c *fiber.Ctx) error {
	su, err := s.Reg.CheckIn(c.UserContext(), httpx.Actor(c), c.Params("signup"), c.FormValue("status"))
	return s.attendeeAction(c, su, "checkin", err)
}

// staffCancelSignup cancels a signup for the attendee, from its
// confirmation page: the attendee is emailed only when the librarian left
// "tell the attendee" ticked, and the notice says what really followed.
func (s *Server) staffCancelSignup(c *fiber.Ctx) error {
	r, err := s.Reg.StaffCancelSignup(c.UserContext(), httpx.Actor(c), c.Params("signup"), c.FormValue("notify") == "yes")
	if err != nil {
		return s.attendeeAction(c, nil, "", err)
	}
	return s.attendeeAction(c, r.Signup, cancelledNotice(r.Told, r.Promoted), nil)
}

// staffAttendeesCSV downloads an activity's attendees as the same CSV
// file the API exports, behind the console's session.
func (s *Server) staffAttendeesCSV(c *fiber.Ctx) error {
	exp, err := s.Reg.ExportSignups(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	return s.SendSignupsCSV(c, exp)
}
