package httpx

import (
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// The public reads — the list and activity pages, the JSON list and
// activity — are what a crowd hits when an activity is announced, and what
// they show changes only when something is written. publicCache keeps
// their rendered answers, per address and language, while registration's
// PublicVersion is unchanged. On the embedded store this process makes
// every change, so an answer is never stale; on a MongoDB shared by
// several instances, another instance's change is seen here after at most
// publicCacheTTL, which is also the longest any answer is kept.
// It holds at most publicCacheBytes of answers: requests with ever new
// query strings (a crawler, an attacker) cannot grow the process.
const (
	publicCacheTTL   = 2 * time.Second
	publicCacheBytes = 8 << 20
)

type cachedAnswer struct {
	version uint64
	at      time.Time
	ctype   string
	body    []byte
}

type publicCache struct {
	mu      sync.RWMutex
	answers map[string]cachedAnswer
	bytes   int
}

func newPublicCache() *publicCache { return &publicCache{answers: map[string]cachedAnswer{}} }

func (pc *publicCache) get(key string, version uint64, now time.Time) (cachedAnswer, bool) {
	pc.mu.RLock()
	a, ok := pc.answers[key]
	pc.mu.RUnlock()
	return a, ok && a.version == version && now.Sub(a.at) < publicCacheTTL
}

func (pc *publicCache) put(key string, a cachedAnswer) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	size := len(key) + len(a.body) + len(a.ctype)
	if pc.bytes+size > publicCacheBytes {
		// Many distinct addresses: start afresh rather than track use.
		pc.answers, pc.bytes = map[string]cachedAnswer{}, 0
	}
	if old, ok := pc.answers[key]; ok {
		pc.bytes -= len(key) + len(old.body) + len(old.ctype)
	}
	pc.answers[key] = a
	pc.bytes += size
}

// PublicCached answers a public GET from the cache when it can, and
// keeps a successful answer for the next reader. Staff (a bearer token or
// a console session) always get a fresh answer: they may see more.
func (s *Server) PublicCached(c *fiber.Ctx) error {
	if c.Get(fiber.HeaderAuthorization) != "" || c.Cookies(SessionCookie) != "" {
		return c.Next()
	}
	key := Lang(c) + " " + c.OriginalURL()
	version, now := s.Reg.PublicVersion(), time.Now()
	if a, ok := s.cache.get(key, version, now); ok {
		c.Set(fiber.HeaderContentType, a.ctype)
		return c.Send(a.body)
	}
	if err := c.Next(); err != nil {
		return err
	}
	if c.Response().StatusCode() == fiber.StatusOK {
		s.cache.put(key, cachedAnswer{version: version, at: now,
			ctype: string(c.Response().Header.ContentType()),
			body:  append([]byte(nil), c.Response().Body()...)})
	}
	return nil
}
