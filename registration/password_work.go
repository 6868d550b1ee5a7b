package registration

import (
	"context"
	"math"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/agora-events/agora/models"
)

// Each argon2 computation holds its whole memory parameter (19 MiB today)
// while it runs, and keeps a CPU busy for tens of milliseconds. Unbounded,
// sixty concurrent logins took a process from 118 MB to 911 MB. passwordWork
// runs them under a semaphore weighted in KiB of argon2 memory, so that the
// memory they hold together never exceeds a budget, and no more run at once
// than the CPUs can serve. A login that cannot start within passwordWait is
// answered rate_limited: a flood is refused quickly, cheaply, and without
// counting against the account, since no password was checked.

// passwordWait is how long a login waits for room to check its password.
const passwordWait = 3 * time.Second

// defaultPasswordMemory is the memory budget of password checks when
// GOMEMLIMIT is not set: 13 checks of today's parameters.
const defaultPasswordMemory = 256 << 20

// passwordWork bounds and counts the argon2 computations of logins.
type passwordWork struct {
	sem      *semaphore.Weighted
	capacity int64 // KiB of argon2 memory
	wait     time.Duration
	checks   atomic.Uint64
}

// newPasswordWork sizes the semaphore for slots checks of today's
// parameters at once; slots <= 0 sizes it from the machine (passwordSlots).
func newPasswordWork(slots int) *passwordWork {
	if slots <= 0 {
		slots = passwordSlots(runtime.NumCPU(), passwordMemoryBudget())
	}
	capacity := int64(slots) * argonMemoryKiB
	return &passwordWork{sem: semaphore.NewWeighted(capacity), capacity: capacity, wait: passwordWait}
}

// passwordSlots is how many checks of today's parameters may run at once:
// twice the CPUs at most (more only wait for a CPU while holding their
// memory), as many as memoryBudget holds at most, and at least one.
// A 1-CPU machine gets 2; 8 CPUs with the default budget get 13.
func passwordSlots(cpus int, memoryBudget int64) int {
	byMemory := memoryBudget / (argonMemoryKiB * 1024)
	return int(max(1, min(int64(2*cpus), byMemory)))
}

// passwordMemoryBudget is the memory password checks may hold together: a
// quarter of the Go memory limit (GOMEMLIMIT) when the operator set one,
// else defaultPasswordMemory.
func passwordMemoryBudget() int64 {
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		return limit / 4
	}
	return defaultPasswordMemory
}

// check runs one argon2 computation of password against h once there is
// room for it. Waiting longer than p.wait, or past ctx, is rate_limited
// with a Retry-After, and computes nothing.
func (p *passwordWork) check(ctx context.Context, h argonHash, password string) (bool, error) {
	weight := min(int64(h.memory), p.capacity)
	wctx, cancel := context.WithTimeout(ctx, p.wait)
	defer cancel()
	if err := p.sem.Acquire(wctx, weight); err != nil {
		return false, &models.Error{Code: models.ErrRateLimited, Detail: "too many password checks at once",
			RetryAfter: 1}
	}
	defer p.sem.Release(weight)
	p.checks.Add(1)
	return h.matches(password), nil
}

// PasswordChecks is how many argon2 password checks this process has run:
// one for every login that got past the failed-login limit and found room
// under the concurrency bound, none for the others. For monitoring.
func (s *Service) PasswordChecks() uint64 { return s.passwords.checks.Load() }
