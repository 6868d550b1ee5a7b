// Package httpxtest gives the tests of the HTTP packages (httpx, api,
// and app's test of what is mounted) the real collaborators of the HTTP
// core on a fresh embedded store, and a way to read answers. It imports
// none of the HTTP packages, so that their own tests may use it.
package httpxtest

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/agora-events/agora/config"
	"github.com/agora-events/agora/handlers/routes"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store/sqlite"
	"github.com/agora-events/agora/store/sqlite/sqlitetest"
	"github.com/agora-events/agora/web"
)

// Parts are what package main would hand the HTTP core, built for a test:
// settings from env (the defaults for the rest), the real translations,
// a fresh SQLite store removed with the test, and the use cases over it.
type Parts struct {
	Config       *config.Config
	Store        *sqlite.Store
	Registration *registration.Service
	Catalog      *web.Catalog
	Logger       *slog.Logger
}

// New builds the parts; the log is written to logOut (io.Discard for
// none), at info level and above.
func New(tb testing.TB, env map[string]string, logOut io.Writer) Parts {
	tb.Helper()
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		tb.Fatal(err)
	}
	catalog, err := web.NewCatalog()
	if err != nil {
		tb.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelInfo}))
	st := sqlitetest.New(tb)
	reg := registration.New(registration.Options{Store: st, Logger: logger,
		SecretKey: strings.Repeat("k", 32), Links: routes.Links(cfg.BaseURL)})
	return Parts{Config: cfg, Store: st, Registration: reg, Catalog: catalog, Logger: logger}
}

// Result is an answer read whole.
type Result struct {
	Status int
	Header http.Header
	Body   []byte
}

// ReadResult reads res whole and closes it.
func ReadResult(tb testing.TB, res *http.Response) Result {
	tb.Helper()
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return Result{Status: res.StatusCode, Header: res.Header, Body: raw}
}
