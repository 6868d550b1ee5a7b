package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/agora-events/agora/store/sqlite"
)

// TestOneProcessPerDataDir: the embedded store belongs to one process; a
// second open of the same data directory is refused with a message that
// says so, and the directory is free again once the first closes.
func TestOneProcessPerDataDir(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first, err := sqlite.Open(ctx, sqlite.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ErrSecondOpen", func(t *testing.T) {
		second, err := sqlite.Open(ctx, sqlite.Options{DataDir: dir})
		if err == nil {
			_ = second.Close(ctx)
			t.Fatal("a second store opened the same data directory")
		}
		if !strings.Contains(err.Error(), "in use by another Agora process") {
			t.Fatalf("got %v, want the in-use message", err)
		}
	})
	if err := first.Close(ctx); err != nil {
		t.Fatal(err)
	}
	again, err := sqlite.Open(ctx, sqlite.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	_ = again.Close(ctx)
}
