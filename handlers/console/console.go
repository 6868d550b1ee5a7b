// Package console is the staff console under /staff/: login and
// invitations, the dashboard, the activity form and page, attendees and
// check-in, organiser messages, staff accounts and organisations, and
// reports. Server-rendered pages for librarians, in the same languages
// and to the same accessibility bar as the public site. Every page calls
// the same registration use cases as the JSON API, so registration alone
// decides what each user may see and do.
package console

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/handlers/routes"
	"github.com/agora-events/agora/notifications"
)

// Server holds the console's handlers over the shared core.
type Server struct {
	*httpx.Server
	// bodies renders a message's preview as its emails will be.
	bodies *notifications.BodyRenderer
}

// New returns the console, to be mounted on core.
func New(core *httpx.Server) *Server {
	return &Server{Server: core, bodies: notifications.NewBodyRenderer()}
}

// invitationRoute is routes.InvitationPath within the console's group.
var invitationRoute = strings.TrimPrefix(routes.InvitationPath, staffPath)

// Routes registers the console. The whole /staff prefix answers errors
// as console pages, unknown addresses included. Pages behind staffSession
// need a login; every form post behind it also needs the session's CSRF
// token.
func (s *Server) Routes(r fiber.Router) {
	g := r.Group(staffPath, httpx.Pages(s.ErrorPage(s.errorNav)))
	g.Get("/login", s.staffLoginPage)
	g.Post("/login", s.staffLogin)
	g.Get(invitationRoute, httpx.Private, s.staffInvitationPage)
	g.Post(invitationRoute, httpx.Private, s.staffAcceptInvitation)

	in, post := s.staffSession, []fiber.Handler{s.staffSession, s.csrf}
	g.Post("/logout", append(post, s.staffLogout)...)
	g.Get("/", in, s.staffDashboard)
	g.Get("/activities/new", in, s.staffNewActivity)
	g.Post("/activities", append(post, s.staffCreateActivity)...)
	g.Get("/activities/:id", in, s.staffActivity)
	g.Get("/activities/:id/edit", in, s.staffEditActivity)
	g.Post("/activities/:id/edit", append(post, s.staffUpdateActivity)...)
	g.Post("/activities/:id/publish", append(post, s.staffPublish)...)
	g.Get("/activities/:id/cancel", in, s.staffConfirmCancelActivity)
	g.Post("/activities/:id/cancel", append(post, s.staffCancelActivity)...)
	g.Post("/activities/:id/repeat", append(post, s.staffRepeat)...)
	g.Get("/activities/:id/delete", in, s.staffConfirmDelete)
	g.Post("/activities/:id/delete", append(post, s.staffDelete)...)
	g.Post("/activities/:id/certificates", append(post, s.staffIssueCertificates)...)
	g.Get("/activities/:id/certificates/:code/revoke", in, s.staffConfirmRevoke)
	g.Post("/activities/:id/certificates/:code/revoke", append(post, s.staffRevokeCertificate)...)
	g.Get("/activities/:id/attendees.csv", in, s.staffAttendeesCSV)
	g.Get("/activities/:id/attendees", in, s.staffAttendees)
	g.Post("/activities/:id/attendees", append(post, s.staffAddAttendee)...)
	g.Get("/series/:id", in, s.staffSeries)
	g.Post("/signups/:signup/checkin", append(post, s.staffCheckIn)...)
	g.Get("/signups/:signup/cancel", in, s.staffConfirmCancelSignup)
	g.Post("/signups/:signup/cancel", append(post, s.staffCancelSignup)...)
	g.Get("/activities/:id/message", in, s.staffComposeMessage)
	g.Post("/activities/:id/message", append(post, s.staffPostMessage)...)
	g.Get("/messages/:id", in, s.staffMessage)
	g.Get("/reports.csv", in, s.staffReportCSV)
	g.Get("/reports", in, s.staffReports)
	g.Get("/users", in, s.staffUsers)
	g.Post("/users", append(post, s.staffInvite)...)
	g.Post("/users/:user/role", append(post, s.staffChangeRole)...)
	g.Get("/users/:user/active", in, s.staffConfirmDisable)
	g.Post("/users/:user/active", append(post, s.staffSetActive)...)
	g.Post("/users/:user/invite", append(post, s.staffResendInvite)...)
	g.Post("/organisations/:org_id/contact", append(post, s.staffSetContact)...)
	g.Get("/organisations", in, s.staffOrganisations)
	g.Post("/organisations", append(post, s.staffCreateOrganisation)...)
	g.Get("/activities/:id/sheet", in, s.staffSheet)
	g.Post("/activities/:id/checkin", append(post, s.staffBulkCheckIn)...)
	s.checkinRoutes(r)
}

// errorNav is the navigation of the console's error pages: shown only
// to a logged-in user.
func (s *Server) errorNav(c *fiber.Ctx) *httpx.StaffNav {
	if httpx.Actor(c) == nil {
		return nil
	}
	return s.nav(c, "")
}

// nav builds the navigation of a console page; current names the section
// the page belongs to. Links to staff accounts and organisations show
// only to those the authorisation rules let in.
func (s *Server) nav(c *fiber.Ctx, current string) *httpx.StaffNav {
	a := httpx.Actor(c)
	name := a.User.Name
	if name == "" {
		name = a.User.Email
	}
	may := a.Permissions()
	return &httpx.StaffNav{Name: name, CSRF: s.csrfToken(c), Current: current,
		ManageStaff: may.ManageStaff, Admin: may.ManageOrganisations}
}

// staffLayout is the layout of a console page.
func (s *Server) staffLayout(c *fiber.Ctx, title, current string) httpx.Layout {
	l := s.LayoutFor(c, title, c.Path())
	l.NoIndex, l.Staff = true, s.nav(c, current)
	return l
}

// staffNotices are the messages a redirect may ask a console page to show.
var staffNotices = map[string]string{
	"expired": "staff.notice_expired", "logout": "staff.notice_logout", "password": "staff.notice_password",
	"created": "staff.notice_created", "saved": "staff.notice_saved", "published": "staff.notice_published",
	"cancelled": "staff.notice_cancelled", "repeated": "staff.notice_repeated", "deleted": "staff.notice_deleted",
	"checkin": "staff.notice_checkin", "signup_cancelled": "staff.notice_signup_cancelled",
	"sent": "staff.notice_sent", "invited": "staff.notice_invited", "role": "staff.notice_role",
	"active": "staff.notice_active", "org": "staff.notice_org",
	"certificates": "staff.notice_certificates", "revoked": "staff.notice_revoked",
	"walkin": "staff.notice_walkin", "walkin_waitlisted": "staff.notice_walkin_waitlisted",
	"walkin_attended": "staff.notice_walkin_attended",
	// Added to signup_cancelled only when it happened (see cancelledNotice).
	"told": "staff.notice_attendee_told", "promoted": "staff.notice_promoted",
}

// notice is the translated notice a redirect asked for, or "": one or
// more of staffNotices, joined by dots.
func (s *Server) notice(c *fiber.Ctx) string {
	var parts []string
	for _, done := range strings.Split(c.Query("done"), ".") {
		if key, ok := staffNotices[done]; ok {
			parts = append(parts, s.T(c, key, nil))
		}
	}
	return strings.Join(parts, " ")
}
