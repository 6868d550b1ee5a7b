//go:build !unix

package sqlite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// dirLock is an exclusive lock on a data directory (see lock_unix.go).
// Without flock, the lock is a file created exclusively and removed at
// Close; one left by a crash must be removed by hand, as the error says.
type dirLock struct{ path string }

// LockFileName is the lock file under the data directory.
const LockFileName = "agora.lock"

func lockDir(dir string) (*dirLock, error) {
	path := filepath.Join(dir, LockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("store: %s is in use by another Agora process (lock %s; remove it if none runs)", dir, path)
	}
	if err != nil {
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	_ = f.Close()
	return &dirLock{path: path}, nil
}

func (l *dirLock) release() { _ = os.Remove(l.path) }
