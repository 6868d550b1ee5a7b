package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/agora-events/agora/config"
	"github.com/agora-events/agora/handlers/routes"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store/sqlite"
	"github.com/agora-events/agora/store/transfer"
	"github.com/agora-events/agora/web"
)

// usage is the help of the commands.
const usage = `usage:
  agora                   run the service
  agora export DIR        write everything the store holds into the new directory DIR
                          (one JSON Lines file per collection, and manifest.json)
  agora import DIR        load the export in DIR into the store, which must be empty
  agora migrate-embedded  move the previous embedded store (FerretDB files under DATA_DIR/db)
                          into the new one (DATA_DIR/agora.db); the old files are kept
The store is the service's: MongoDB when MONGODB_URI is set, else SQLite under DATA_DIR.
Stop the service first: the embedded store serves one process at a time.
`

// runCommand runs one of agora's commands; args are the command line
// without the program's name. It takes the same configuration as the
// service (getenv), reports to stdout and logs to stderr.
func runCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var run func(c *command, ctx context.Context) error
	switch {
	case len(args) == 2 && args[0] == "export":
		run = func(c *command, ctx context.Context) error { return c.export(ctx, args[1]) }
	case len(args) == 2 && args[0] == "import":
		run = func(c *command, ctx context.Context) error { return c.importDir(ctx, args[1]) }
	case len(args) == 1 && args[0] == "migrate-embedded":
		run = (*command).migrateEmbedded
	case len(args) == 1 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help"):
		_, err := io.WriteString(stdout, usage)
		return err
	default:
		return fmt.Errorf("unknown command %q\n%s", strings.Join(args, " "), usage)
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	return run(&command{cfg: cfg, logger: newLogger(cfg, stderr), out: stdout}, ctx)
}

// command is what every command works with.
type command struct {
	cfg    *config.Config
	logger *slog.Logger
	out    io.Writer
}

// openTransferStore opens the store the service would open (openStore),
// refused while DATA_DIR holds the previous embedded store (migrate it
// first).
func (c *command) openTransferStore(ctx context.Context) (appStore, error) {
	if c.cfg.Embedded() {
		if err := checkLegacyDataDir(c.cfg.DataDir); err != nil {
			return nil, err
		}
	}
	return openStore(ctx, c.cfg, c.logger)
}

// existingSecret is the secret key the service would use, without making
// one: SECRET_KEY, else DATA_DIR/secret_key when it exists ("" when none).
func (c *command) existingSecret() (string, error) {
	if c.cfg.SecretKey != "" {
		return c.cfg.SecretKey, nil
	}
	_, err := os.Stat(filepath.Join(c.cfg.DataDir, "secret_key"))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return loadOrCreateSecret(c.cfg.DataDir)
}

// keyCheck identifies a secret key without revealing it, so that an
// import can say when the key differs (what it seals then stops opening).
func keyCheck(secret string) string {
	if secret == "" {
		return ""
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("agora export: secret key check"))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// export writes everything the store holds into dir.
func (c *command) export(ctx context.Context, dir string) error {
	if c.cfg.Embedded() {
		// Opening would create an empty store where DATA_DIR is mistyped.
		path := filepath.Join(c.cfg.DataDir, sqlite.FileName)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && checkLegacyDataDir(c.cfg.DataDir) == nil {
			return fmt.Errorf("export: there is no store in DATA_DIR %s (no %s)", c.cfg.DataDir, sqlite.FileName)
		}
	}
	secret, err := c.existingSecret()
	if err != nil {
		return fmt.Errorf("SECRET_KEY: %w", err)
	}
	st, err := c.openTransferStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	m, err := transfer.Export(ctx, st, dir, transfer.Manifest{KeyCheck: keyCheck(secret)})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.out, "exported into %s: %s\n", dir, m.Summary())
	return err
}

// importDir loads the export in dir into the (empty) store, after
// checking that this Agora has the exporting one's secret key: with
// another, the manage links of every later email would not work.
func (c *command) importDir(ctx context.Context, dir string) error {
	m, err := transfer.ReadManifest(dir)
	if err != nil {
		return err
	}
	secret, err := c.existingSecret()
	if err != nil {
		return fmt.Errorf("SECRET_KEY: %w", err)
	}
	if m.KeyCheck != "" && keyCheck(secret) != m.KeyCheck {
		// Manage links do not depend on the key; only the answers kept for
		// Idempotency-Keys (sealed with it, 24 h) and open console forms do.
		fmt.Fprintf(c.out, "warning: %s was exported by an Agora with another secret key: retries of requests "+
			"made in the last 24 hours will answer 409, and open console forms must be reloaded (give this one the "+
			"same key, SECRET_KEY or the source's DATA_DIR/secret_key copied to %s, to avoid that)\n",
			dir, filepath.Join(c.cfg.DataDir, "secret_key"))
	}
	st, err := c.openTransferStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	if _, err := transfer.Import(ctx, dir, st); err != nil {
		return err
	}
	if err := c.reconcile(ctx, st); err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.out, "imported from %s: %s\n", dir, m.Summary())
	return err
}

// reconcile brings every activity still to come in line with its
// signups, with the reconciler the service runs on MongoDB: an export of
// a store without transactions may catch a sequence of steps half done (a
// cancelled signup still holding seats, a promoted one still waiting),
// which SQLite, whose steps commit together, never looks for. What is
// consistent is left as it is; emails the repair owes are queued.
func (c *command) reconcile(ctx context.Context, st registration.Store) error {
	secret := c.cfg.SecretKey
	if secret == "" {
		if err := os.MkdirAll(c.cfg.DataDir, 0o700); err != nil {
			return fmt.Errorf("DATA_DIR: %w", err)
		}
		var err error
		if secret, err = loadOrCreateSecret(c.cfg.DataDir); err != nil {
			return fmt.Errorf("SECRET_KEY: %w", err)
		}
	}
	catalog, err := web.NewCatalog()
	if err != nil {
		return err
	}
	renderer, err := notifications.NewRenderer(catalog)
	if err != nil {
		return err
	}
	outbox, err := notifications.NewOutbox(notifications.OutboxOptions{Store: st, Renderer: renderer,
		BaseURL: c.cfg.BaseURL, ManageLink: routes.Links(c.cfg.BaseURL).Manage})
	if err != nil {
		return err
	}
	reg := registration.New(registration.Options{Store: st, Logger: c.logger, SecretKey: secret,
		Links: routes.Links(c.cfg.BaseURL), Mail: outbox})
	err = st.EachActivityToReconcile(ctx, time.Now(), func(id string) error { return reg.ReconcileActivity(ctx, id) })
	if err != nil {
		return fmt.Errorf("reconcile the imported activities: %w", err)
	}
	return nil
}
