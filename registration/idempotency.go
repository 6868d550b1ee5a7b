package registration

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
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
	// seal keeps the answer for this key's retries (see replaySeal).
	seal cipher.AEAD
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
	seal, err := s.replaySeal(key)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(idempotencyWait)
	for {
		now := s.now().UTC().Truncate(time.Millisecond)
		rec := &models.IdempotencyRecord{KeyHash: keyHash, RequestHash: reqHash, State: models.IdempotencyInProgress,
			ResourceID: models.NewID(), LeaseUntil: now.Add(idempotencyLease), CreatedAt: now, ExpiresAt: now.Add(IdempotencyTTL)}
		err := s.store.InsertIdempotencyKey(ctx, rec)
		if err == nil {
			return &IdempotentRequest{ResourceID: rec.ResourceID, keyHash: keyHash, seal: seal}, nil
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
			body, err := openAnswer(seal, keyHash, old.Body)
			if err != nil {
				// Sealed under another secret: SECRET_KEY changed.
				return nil, models.Errorf(models.ErrConflict, "the answer kept for this key cannot be read")
			}
			return &IdempotentRequest{Replay: &StoredResponse{Status: old.Status, ContentType: old.ContentType, Body: body}}, nil
		case !old.LeaseUntil.After(now):
			ok, err := s.store.TakeOverIdempotencyKey(ctx, keyHash, old.LeaseUntil, now.Add(idempotencyLease))
			if err != nil {
				return nil, err
			}
			if ok {
				return &IdempotentRequest{ResourceID: old.ResourceID, keyHash: keyHash, seal: seal}, nil
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
// for its retries, sealed (see replaySeal). An internal error is not
// stored: the key is released so that a retry resumes the work at once.
func (s *Service) FinishIdempotent(ctx context.Context, r *IdempotentRequest, resp StoredResponse) error {
	if r == nil || r.keyHash == "" {
		return nil
	}
	if resp.Status >= 500 {
		return s.store.ReleaseIdempotencyKey(ctx, r.keyHash, s.now().UTC().Truncate(time.Millisecond))
	}
	nonce := make([]byte, r.seal.NonceSize())
	_, _ = rand.Read(nonce) // crypto/rand.Read never fails
	sealed := r.seal.Seal(nonce, nonce, resp.Body, []byte(r.keyHash))
	return s.store.CompleteIdempotencyKey(ctx, r.keyHash, resp.Status, resp.ContentType, sealed)
}

// replaySeal returns the AEAD (AES-256-GCM) that seals the answer kept
// for an Idempotency-Key: a signup's answer holds its manage token, which
// must not be readable from the store. Its key is derived from the secret
// key and the Idempotency-Key itself, of which the store keeps only the
// SHA-256: the answer opens for a retry presenting the key, and for no
// copy of the store or of the data folder (secret key included) without
// it. The record's key hash is the associated data, so that no answer can
// be moved to another key.
func (s *Service) replaySeal(key string) (cipher.AEAD, error) {
	k, err := hkdf.Key(sha256.New, s.secret, nil, "agora idempotency answer\x00"+key, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// openAnswer opens an answer sealed by FinishIdempotent.
func openAnswer(seal cipher.AEAD, keyHash string, sealed []byte) ([]byte, error) {
	n := seal.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("sealed answer too short")
	}
	return seal.Open(nil, sealed[:n], sealed[n:], []byte(keyHash))
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
