package registration

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/agora-events/agora/models"
)

const (
	// IdempotencyTTL is how long an Idempotency-Key is remembered.
	IdempotencyTTL = 24 * time.Hour
	// idempotencyLease is how long a first attempt may work before a
	// retry presumes it dead and resumes its work.
	idempotencyLease = time.Minute
	// idempotencyWait is how long a concurrent duplicate waits for the
	// first attempt's answer before giving up with a conflict.
	idempotencyWait      = 15 * time.Second
	maxIdempotencyKeyLen = 255
)

// IdempotentRequest is a request holding an Idempotency-Key: either the
// answer to replay, or the go-ahead to do the work with ResourceID as the
// id of what it creates (the same id on every attempt).
type IdempotentRequest struct {
	Replay     *StoredResponse
	ResourceID string
	keyHash    string
}

// StoredResponse is an answer kept for an Idempotency-Key.
type StoredResponse struct {
	Status      int
	ContentType string
	Body        []byte
}

// BeginIdempotent starts a request that carries an Idempotency-Key. scope
// names what the request acts on (its method and path) and body is its
// body: the same key with another scope or body is
// idempotency_key_reused. Of concurrent duplicates exactly one goes
// ahead; the others wait for its answer and replay it. A first attempt
// that died is resumed by a retry after its lease.
func (s *Service) BeginIdempotent(ctx context.Context, key, scope string, body []byte) (*IdempotentRequest, error) {
	if key == "" || len(key) > maxIdempotencyKeyLen || !printableASCII(key) {
		return nil, models.Errorf(models.ErrBadRequest, "bad Idempotency-Key")
	}
	keyHash := sha256Hex([]byte(key))
	reqHash := sha256Hex(append([]byte(scope+"\x00"), body...))
	deadline := time.Now().Add(idempotencyWait)
	for {
		now := s.now().UTC().Truncate(time.Millisecond)
		rec := &models.IdempotencyRecord{KeyHash: keyHash, RequestHash: reqHash, State: models.IdempotencyInProgress,
			ResourceID: models.NewID(), LeaseUntil: now.Add(idempotencyLease), CreatedAt: now, ExpiresAt: now.Add(IdempotencyTTL)}
		err := s.store.InsertIdempotencyKey(ctx, rec)
		if err == nil {
			return &IdempotentRequest{ResourceID: rec.ResourceID, keyHash: keyHash}, nil
		}
		if !models.IsCode(err, models.ErrConflict) {
			return nil, err
		}
		old, err := s.store.IdempotencyKey(ctx, keyHash)
		switch {
		case models.IsCode(err, models.ErrNotFound):
			continue // expired and removed meanwhile
		case err != nil:
			return nil, err
		case !old.ExpiresAt.After(now):
			if err := s.store.DeleteIdempotencyKey(ctx, keyHash, old.ExpiresAt); err != nil {
				return nil, err
			}
			continue
		case old.RequestHash != reqHash:
			return nil, models.Errorf(models.ErrIdempotencyKeyReused, "key used for another request")
		case old.State == models.IdempotencyDone:
			return &IdempotentRequest{Replay: &StoredResponse{Status: old.Status, ContentType: old.ContentType, Body: old.Body}}, nil
		case !old.LeaseUntil.After(now):
			ok, err := s.store.TakeOverIdempotencyKey(ctx, keyHash, old.LeaseUntil, now.Add(idempotencyLease))
			if err != nil {
				return nil, err
			}
			if ok {
				return &IdempotentRequest{ResourceID: old.ResourceID, keyHash: keyHash}, nil
			}
			continue
		}
		if time.Now().After(deadline) {
			return nil, models.Errorf(models.ErrConflict, "the first request with this key is still running")
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// FinishIdempotent stores the answer given to a request that went ahead,
// for its retries. An internal error is not stored: the key is released
// so that a retry resumes the work at once.
func (s *Service) FinishIdempotent(ctx context.Context, r *IdempotentRequest, resp StoredResponse) error {
	if r == nil || r.keyHash == "" {
		return nil
	}
	if resp.Status >= 500 {
		return s.store.ReleaseIdempotencyKey(ctx, r.keyHash, s.now().UTC().Truncate(time.Millisecond))
	}
	return s.store.CompleteIdempotencyKey(ctx, r.keyHash, resp.Status, resp.ContentType, resp.Body)
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
