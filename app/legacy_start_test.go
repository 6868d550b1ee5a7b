package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/store/mongo"
	"github.com/agora-events/agora/store/mongo/mongotest"
)

// TestStartRefusesLegacyDataDir: a DATA_DIR of the previous embedded
// store (FerretDB) is not opened as a new one: the start stops with one
// line naming the command that migrates it, and after that command the
// service starts.
func TestStartRefusesLegacyDataDir(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	old, err := mongo.OpenLegacyEmbedded(ctx, mongo.Options{DataDir: dir, Database: "agora", Logger: mongotest.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	old.Close(ctx)
	env := map[string]string{"DATA_DIR": dir, "ADDR": "127.0.0.1:0", "DEMO_DATA": "false"}
	err = Run(ctx, func(k string) string { return env[k] }, testLogWriter{t}, nil)
	if err == nil || !strings.Contains(err.Error(), "agora migrate-embedded") {
		t.Fatalf("got %v", err)
	}
	t.Log(err)
	if _, err := runCmd(t, func(k string) string { return env[k] }, "migrate-embedded"); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- Run(runCtx, func(k string) string { return env[k] }, testLogWriter{t}, ready) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("after migration: %v", err)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
