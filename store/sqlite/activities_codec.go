package sqlite

import "github.com/agora-events/agora/models"

// The JSON columns of an activity row never hold null: empty values are
// written as empty objects and lists (and a pending change as NULL, its
// absence).

// noticeJSON is the change_notice column of n: NULL when no change waits
// to be announced.
func noticeJSON(n *models.ChangeNotice) any {
	if n == nil {
		return nil
	}
	return mustJSON(n)
}

func orEmpty(t models.Text) models.Text {
	if t == nil {
		return models.Text{}
	}
	return t
}

func orEmptyList(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func orEmptyQuestions(q []models.Question) []models.Question {
	if q == nil {
		return []models.Question{}
	}
	return q
}
