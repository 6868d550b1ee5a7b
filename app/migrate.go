package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/agora-events/agora/store/mongo"
	"github.com/agora-events/agora/store/sqlite"
	"github.com/agora-events/agora/store/transfer"
)

// migrateEmbedded moves the previous embedded store (FerretDB under
// DATA_DIR/db, database MONGODB_DATABASE) into the new one under the same
// DATA_DIR. The new database is built beside it, in a directory of its
// own, and moved to DATA_DIR/agora.db only once complete: until then the
// service keeps refusing to start, and a failed run leaves nothing behind
// (a killed one, at worst a DATA_DIR/migrating-* directory to delete).
// Everything is copied (see store/transfer), then the activities still to
// come are reconciled (see command.reconcile): a crash of the previous
// version may have left a sequence of steps half done, which it would have
// finished at its next start. The old files are only read, and kept, for
// going back to the previous version.
func (c *command) migrateEmbedded(ctx context.Context) error {
	if !c.cfg.Embedded() {
		return errors.New("migrate-embedded moves the previous embedded store into the embedded one under " +
			"DATA_DIR: unset MONGODB_URI (to move to MongoDB afterwards, use agora export and agora import)")
	}
	target := filepath.Join(c.cfg.DataDir, sqlite.FileName)
	if _, err := os.Stat(target); err == nil {
		return fmt.Errorf("%s exists already: this DATA_DIR was migrated, or the new store started on it; nothing changed", target)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	names, err := legacyDatabases(c.cfg.DataDir)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return fmt.Errorf("no data of the previous embedded store in %s: nothing to migrate", legacyDir(c.cfg.DataDir))
	}
	if !slices.Contains(names, c.cfg.MongoDatabase) {
		return fmt.Errorf("%s holds the databases %q, not %q: set MONGODB_DATABASE to the one the previous version used",
			legacyDir(c.cfg.DataDir), names, c.cfg.MongoDatabase)
	}
	old, err := mongo.OpenLegacyEmbedded(ctx, mongo.Options{Database: c.cfg.MongoDatabase, DataDir: c.cfg.DataDir, Logger: c.logger})
	if err != nil {
		return err
	}
	defer old.Close(context.WithoutCancel(ctx))
	work, err := os.MkdirTemp(c.cfg.DataDir, "migrating-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	m, err := c.copyInto(ctx, old, work)
	if err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(work, sqlite.FileName), target); err != nil {
		return err
	}
	if d, err := os.Open(c.cfg.DataDir); err == nil {
		_ = d.Sync() // the rename survives a power cut
		d.Close()
	}
	_, err = fmt.Fprintf(c.out, "migrated %s into %s: %s\nthe old files stay in %s: delete them once Agora runs well on the new store\n",
		legacyDir(c.cfg.DataDir), target, m.Summary(), legacyDir(c.cfg.DataDir))
	return err
}

// copyInto copies everything old holds into a new SQLite store under dir,
// reconciles it as an import is, and closes it.
func (c *command) copyInto(ctx context.Context, old *mongo.Store, dir string) (*transfer.Manifest, error) {
	st, err := sqlite.Open(ctx, sqlite.Options{DataDir: dir, Logger: c.logger})
	if err != nil {
		return nil, err
	}
	m, err := transfer.Copy(ctx, old, st)
	if err == nil {
		err = c.reconcile(ctx, st)
	}
	return m, errors.Join(err, st.Close(context.WithoutCancel(ctx)))
}
