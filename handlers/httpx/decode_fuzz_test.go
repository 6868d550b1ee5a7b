package httpx

import (
	"errors"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// FuzzDecodeActivityRequest feeds arbitrary bodies through the decoding
// and validation of an activity: whatever arrives, the answer is a client
// error (bad_request or validation_failed with named fields) or a valid
// activity, never a panic or an internal error.
func FuzzDecodeActivityRequest(f *testing.F) {
	for _, seed := range []string{
		`{"kind":"lunch","title":{"en":"x"},"starts_at":"2030-01-01T10:00:00Z","ends_at":"2030-01-01T11:00:00Z","capacity":5}`,
		`{"capacity":"ten"}`, `{"title":"x"}`, `{"starts_at":{"$gt":""}}`, `{"questions":[{"id":"q","type":"choice"}]}`,
		`{"venue":{"name":5}}`, `[1]`, `{"a":1}`, `{`, `null`, `{"registration_opens_at":null}`, `{"capacity":1e400}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req models.ActivityRequest
		if err := DecodeJSONBytes(body, &req); err != nil {
			mustBeClientError(t, err)
			return
		}
		start := time.Date(2030, 1, 1, 10, 0, 0, 0, time.UTC)
		a := models.Activity{ID: "a", OrganisationID: "o", Kind: models.KindOther, Title: models.Text{"en": "x"},
			StartsAt: start, EndsAt: start.Add(time.Hour), Timezone: "UTC", Capacity: 1, MaxPartySize: 1,
			Status: models.StatusDraft}
		req.Patch(&a)
		if err := models.MergeInvalid(req.Required(false), models.Validate(a)); err != nil {
			mustBeClientError(t, err)
		}
	})
}

func mustBeClientError(t *testing.T, err error) {
	t.Helper()
	var e *models.Error
	if !errors.As(err, &e) {
		t.Fatalf("not an application error: %v", err)
	}
	switch e.Code {
	case models.ErrBadRequest:
	case models.ErrValidationFailed:
		if len(e.Fields) == 0 {
			t.Fatalf("validation error without fields: %v", err)
		}
	default:
		t.Fatalf("code %s for bad input: %v", e.Code, err)
	}
}
