package console

import (
	"slices"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// The sign-in sheet is for rooms without signal: printed before the
// activity (A4, large type, a box to tick per person), and afterwards the
// same page is the form that records everyone at once — each box ticked
// is attended, each left empty no_show (BulkCheckIn, one step, nothing
// changed when an entry is refused).

type sheetRow struct {
	ID, Name string
	Party    int
	Erased   bool
	Came     bool
}

type sheetPage struct {
	httpx.Layout
	Notice string
	A      staffActivityView
	CSRF   string
	Rows   []sheetRow
	People int
	// Open says whether attendance may be recorded now (CheckInOpen).
	Open      bool
	Truncated bool
	Errors    []httpx.ErrorLink
}

// sheetStatuses are the signups a sheet lists: those holding seats.
var sheetStatuses = []string{models.SignupConfirmed, models.SignupAttended, models.SignupNoShow}

// staffSheet shows an activity's sign-in sheet.
func (s *Server) staffSheet(c *fiber.Ctx) error {
	return s.renderSheet(c, fiber.StatusOK, nil)
}

// staffBulkCheckIn records the sheet's ticks: ticked ids attended, the
// other listed ids no_show.
func (s *Server) staffBulkCheckIn(c *fiber.Ctx) error {
	args := c.Request().PostArgs()
	came := map[string]bool{}
	var attended, noShow []string
	for _, v := range args.PeekMulti("attended") {
		came[string(v)] = true
	}
	for _, v := range args.PeekMulti("listed") {
		if id := string(v); came[id] {
			attended = append(attended, id)
		} else {
			noShow = append(noShow, id)
		}
	}
	_, err := s.Reg.BulkCheckIn(c.UserContext(), httpx.Actor(c), c.Params("id"), attended, noShow)
	if err != nil {
		status, ok := httpx.FormErrorStatus(err)
		if !ok {
			return err
		}
		return s.renderSheet(c, status, err)
	}
	return c.Redirect(staffPath+"/activities/"+c.Params("id")+"/sheet?done=checkin", fiber.StatusSeeOther)
}

func (s *Server) renderSheet(c *fiber.Ctx, status int, pageErr error) error {
	list, err := s.Reg.FindAttendees(c.UserContext(), httpx.Actor(c), c.Params("id"),
		registration.AttendeeFilter{Statuses: sheetStatuses})
	if err != nil {
		return err
	}
	view := registration.ActivityView{Activity: list.Activity, SeatsLeft: list.Activity.SeatsLeft()}
	v, err := s.staffView(c, httpx.OrgCache{}, &view)
	if err != nil {
		return err
	}
	p := sheetPage{Layout: s.staffLayout(c, s.T(c, "sheet.title", nil)+": "+v.Title.Text, "dashboard"),
		Notice: s.notice(c), A: v, CSRF: s.csrfToken(c), Open: s.Reg.CheckInOpen(&list.Activity),
		Truncated: list.Truncated}
	for _, su := range list.Items {
		p.Rows = append(p.Rows, sheetRow{ID: su.ID, Name: su.Name, Party: su.PartySize, Erased: su.ErasedAt != nil,
			Came: su.Status == models.SignupAttended})
		p.People += su.PartySize
	}
	sortByName(p.Rows, httpx.Lang(c))
	if pageErr != nil {
		p.Errors, p.HasErrors = []httpx.ErrorLink{{Text: s.T(c, "error."+models.ErrorCode(pageErr), nil)}}, true
	}
	return s.Render(c, status, "staff_sheet", p)
}

// sortByName orders rows by name as the reader's language sorts (names
// in other scripts keep the collation's script order); erased names last.
func sortByName(rows []sheetRow, lang string) {
	col := collate.New(language.Make(lang), collate.IgnoreCase)
	slices.SortStableFunc(rows, func(a, b sheetRow) int {
		if a.Erased != b.Erased {
			if a.Erased {
				return 1
			}
			return -1
		}
		return col.CompareString(a.Name, b.Name)
	})
}
