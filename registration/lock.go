package registration

import "sync"

// keyedMutex serialises work per key (an activity id) inside one process.
// On the embedded store it is what makes seat changes correct, because
// FerretDB's conditional updates are not atomic; on MongoDB it only removes
// needless contention, the conditional updates being the real guard.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[string]*refLock
}

type refLock struct {
	sync.Mutex
	refs int
}

func newKeyedMutex() *keyedMutex { return &keyedMutex{locks: map[string]*refLock{}} }

// Lock locks key and returns the function that unlocks it. Entries are
// dropped when nobody holds or waits for them, so the map stays small.
func (k *keyedMutex) Lock(key string) (unlock func()) {
	k.mu.Lock()
	l := k.locks[key]
	if l == nil {
		l = &refLock{}
		k.locks[key] = l
	}
	l.refs++
	k.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		k.mu.Lock()
		l.refs--
		if l.refs == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}
