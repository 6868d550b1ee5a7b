// Command agora runs the Agora registration service: it loads the
// configuration, opens the store (starting the embedded one when no
// MONGODB_URI is given), wires every dependency, serves HTTP, and shuts
// down in order on SIGTERM or SIGINT. Given a command instead (agora
// export DIR, agora import DIR, agora migrate-embedded; see runCommand),
// it moves data between stores and exits.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	var err error
	if len(os.Args) > 1 {
		err = runCommand(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	} else {
		err = Run(ctx, os.Getenv, os.Stderr, nil)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "agora:", err)
		os.Exit(1)
	}
}

// Run starts the service and blocks until ctx is cancelled, then shuts
// down: stop accepting, drain in-flight requests, stop the workers, close
// the store last. ready, when not nil, receives the listening address once
// the service accepts requests.
func Run(ctx context.Context, getenv func(string) string, logOut io.Writer, ready chan<- string) error {
	m, err := NewMain(ctx, getenv, logOut)
	if err != nil {
		return err
	}
	return m.Serve(ctx, ready)
}
