package registration

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// idempotencyFixture is a signup made with an Idempotency-Key at start,
// on a clock the test moves; attempt repeats the request with the key.
type idempotencyFixture struct {
	st        Store
	act       *models.Activity
	clock     *testClock
	attempt   func(t *testing.T) (*IdempotentRequest, StoredResponse, error)
	first     *IdempotentRequest
	firstResp StoredResponse
}

func newIdempotencyFixture(t *testing.T) *idempotencyFixture {
	t.Helper()
	s, st := newSignupService(t)
	start := time.Now().UTC().Truncate(time.Millisecond)
	clock := &testClock{now: start}
	s.now = clock.Now
	ctx := context.Background()
	act := seedActivity(t, st, nil)
	const key, scope = "signup-key", "POST /api/v1/activities/x/signups"
	body := []byte(`{"email":"ana@example.org"}`)

	// attempt runs one request with the key the way the API does
	// (handlers/api/idempotency.go): replay, or sign up with the reserved
	// id and keep the answer.
	attempt := func(t *testing.T) (*IdempotentRequest, StoredResponse, error) {
		t.Helper()
		req, err := s.BeginIdempotent(ctx, key, scope, body)
		if err != nil {
			t.Fatalf("begin: %v", err)
		}
		if req.Replay != nil {
			return req, *req.Replay, nil
		}
		res, signErr := s.SignUp(ctx, act.ID, req.ResourceID, input("ana@example.org", 1))
		resp := StoredResponse{Status: 201, ContentType: "application/json"}
		if signErr != nil {
			resp.Status, resp.Body = 409, []byte(signErr.Error())
		} else if resp.Body, err = json.Marshal(res.Signup); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishIdempotent(ctx, req, resp); err != nil {
			t.Fatalf("finish: %v", err)
		}
		return req, resp, signErr
	}

	first, firstResp, err := attempt(t)
	if err != nil || first.Replay != nil || firstResp.Status != 201 {
		t.Fatalf("first attempt: replay %v, status %d, err %v", first.Replay, firstResp.Status, err)
	}
	return &idempotencyFixture{st: st, act: act, clock: clock, attempt: attempt, first: first, firstResp: firstResp}
}

// TestIdempotencyKeyExpires drives a signup through the Idempotency-Key
// flow the handler uses, on a moved clock: the key is remembered for 24
// hours, then forgotten.
func TestIdempotencyKeyExpires(t *testing.T) {
	ctx := context.Background()
	t.Run("OKReplayWithin24h", func(t *testing.T) {
		f := newIdempotencyFixture(t)
		f.clock.Add(IdempotencyTTL - time.Minute)
		req, resp, err := f.attempt(t)
		if err != nil || req.Replay == nil {
			t.Fatalf("within 24 h the key must replay: replay %v, err %v", req.Replay, err)
		}
		if resp.Status != f.firstResp.Status || string(resp.Body) != string(f.firstResp.Body) {
			t.Fatalf("replay %d %s, want %d %s", resp.Status, resp.Body, f.firstResp.Status, f.firstResp.Body)
		}
	})
	t.Run("OKNewAfter24h", func(t *testing.T) {
		f := newIdempotencyFixture(t)
		f.clock.Add(IdempotencyTTL + time.Second) // 24 h and a second after the first
		req, resp, err := f.attempt(t)
		if req.Replay != nil {
			t.Fatalf("after 24 h the key was replayed: %d %s", resp.Status, resp.Body)
		}
		if req.ResourceID == "" || req.ResourceID == f.first.ResourceID {
			t.Fatalf("after 24 h the key must reserve a new id, got %q (first %q)", req.ResourceID, f.first.ResourceID)
		}
		// Treated as a new request: the same email meets the signup made
		// the first time.
		if !models.IsCode(err, models.ErrAlreadyRegistered) {
			t.Fatalf("after 24 h: err %v, want already_registered", err)
		}
		// The new answer is now the one kept for the key.
		again, againResp, _ := f.attempt(t)
		if again.Replay == nil || againResp.Status != 409 {
			t.Fatalf("the new answer is not kept: replay %v, status %d", again.Replay, againResp.Status)
		}
		signups, err := f.st.ListSignups(ctx, f.act.ID, []string{models.SignupConfirmed, models.SignupWaitlisted}, nil, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(signups) != 1 || signups[0].ID != f.first.ResourceID {
			t.Fatalf("want the one first signup %s, got %d signups", f.first.ResourceID, len(signups))
		}
	})
}
