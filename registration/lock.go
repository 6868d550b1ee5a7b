package registration

import "sync"

// keyedMutex serialises work per key (an activity id) inside one process.
// It is not what makes seat changes correct (a transaction on the embedded
// store, the conditional updates on MongoDB are): it spares the retries
// of conditional updates that lost a race, and keeps a signup from holding
// the embedded store's write transaction while it waits. Take it before
// store.Atomic, never inside.
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

// waiters is how many hold or wait for key (for tests).
func (k *keyedMutex) waiters(key string) int {
	k.mu.Lock()
	defer k.mu.Unlock()
	if l := k.locks[key]; l != nil {
		return l.refs
	}
	return 0
}
