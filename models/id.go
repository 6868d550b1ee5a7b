package models

import (
	"crypto/rand"
	"encoding/hex"
	"sync/atomic"
	"time"
)

var idCounter atomic.Uint32

// NewID returns a new opaque id: 12 bytes in hex, a timestamp first so ids
// sort roughly by creation (useful for keyset pagination), then randomness
// and a counter so that ids made in the same instant never collide.
func NewID() string {
	var b [12]byte
	now := uint32(time.Now().Unix())
	b[0], b[1], b[2], b[3] = byte(now>>24), byte(now>>16), byte(now>>8), byte(now)
	_, _ = rand.Read(b[4:9])
	c := idCounter.Add(1)
	b[9], b[10], b[11] = byte(c>>16), byte(c>>8), byte(c)
	return hex.EncodeToString(b[:])
}
