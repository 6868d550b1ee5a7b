//go:build unix

package sqlite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// dirLock is an exclusive lock on a data directory, held while the store
// is open: a second process on the same directory would double-send mail
// and work from stale caches, so it is refused at start. The kernel drops
// the lock when the process dies, so a crash never leaves it stale.
type dirLock struct{ f *os.File }

// LockFileName is the lock file under the data directory.
const LockFileName = "agora.lock"

func lockDir(dir string) (*dirLock, error) {
	path := filepath.Join(dir, LockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("store: %s is in use by another Agora process (lock %s); stop it first, or give this one another DATA_DIR", dir, path)
		}
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	return &dirLock{f: f}, nil
}

func (l *dirLock) release() {
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	_ = l.f.Close()
}
