package main

import "time"

// drain stops the HTTP server: it closes the listener, then waits up to
// SHUTDOWN_TIMEOUT for in-flight requests to finish. fasthttp forgets a
// shutdown requested before Serve has registered its listener (a signal
// right after start-up), after which Serve would run forever; so the
// shutdown is repeated until Serve has returned.
func (m *Main) drain(serveErr <-chan error) error {
	app := m.server.App()
	err := app.ShutdownWithTimeout(m.cfg.ShutdownTimeout)
	for {
		select {
		case <-serveErr:
			return err
		case <-time.After(50 * time.Millisecond):
			if again := app.ShutdownWithTimeout(m.cfg.ShutdownTimeout); err == nil {
				err = again
			}
		}
	}
}
