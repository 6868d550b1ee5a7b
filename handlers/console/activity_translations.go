package console

import (
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// The console's form edits texts that the API may have given in several
// languages (choice options with labels, the accessibility note) through
// fields of one language. Saving the form must not drop the other
// translations: these helpers show one text and, on saving, keep what the
// staff member did not change.

// formAccessibility is the accessibility note as the form shows it: the
// string, or one translation (web.Pick's order, no reader).
func formAccessibility(f models.FlexText) string {
	s, _ := web.PickFlex(f, "", "")
	return s
}

// keepTranslations puts back into req what the form could not show of
// the activity's multilingual texts: the labels of options whose id was
// kept, and the accessibility note by language when its shown text was
// not changed.
func keepTranslations(req *models.ActivityRequest, a *registration.ActivityView) {
	if v := req.Venue; v != nil && v.Accessibility != nil && a.Venue.Accessibility.Multilingual() &&
		v.Accessibility.Plain == formAccessibility(a.Venue.Accessibility) {
		kept := a.Venue.Accessibility
		v.Accessibility = &kept
	}
	if req.Questions == nil {
		return
	}
	for i := range *req.Questions {
		q := &(*req.Questions)[i]
		old := findQuestion(a.Questions, q.ID)
		if old == nil {
			continue
		}
		for j := range q.Options {
			if o, ok := old.Option(q.Options[j].ID); ok {
				q.Options[j].Label = o.Label
			}
		}
	}
}

func findQuestion(qs []models.Question, id string) *models.Question {
	for i := range qs {
		if qs[i].ID == id {
			return &qs[i]
		}
	}
	return nil
}
