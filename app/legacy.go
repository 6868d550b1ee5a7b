package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/agora-events/agora/store/sqlite"
)

// The previous embedded store was FerretDB v1 on SQLite, which kept one
// file per database, <database>.sqlite, under DATA_DIR/db.

// legacyDir is where the previous embedded store kept its files.
func legacyDir(dataDir string) string { return filepath.Join(dataDir, "db") }

// legacyDatabases names the databases of the previous embedded store
// found under DATA_DIR (none when there is none).
func legacyDatabases(dataDir string) ([]string, error) {
	entries, err := os.ReadDir(legacyDir(dataDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".sqlite"); ok && !e.IsDir() {
			names = append(names, name)
		}
	}
	return names, nil
}

// checkLegacyDataDir refuses a DATA_DIR that holds the previous embedded
// store's files and not yet the new store's: the service would start
// empty beside the library's data. Its one-line error names the command
// that migrates the data. Once DATA_DIR/agora.db exists (the migration
// made it, or the new store was started there), the old files are left
// alone.
func checkLegacyDataDir(dataDir string) error {
	if _, err := os.Stat(filepath.Join(dataDir, sqlite.FileName)); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("DATA_DIR: %w", err)
	}
	names, err := legacyDatabases(dataDir)
	if err != nil {
		return fmt.Errorf("DATA_DIR: %w", err)
	}
	if len(names) == 0 {
		return nil
	}
	return fmt.Errorf("DATA_DIR %s holds data of the previous embedded store (FerretDB files in %s): "+
		"run `agora migrate-embedded` (go run ./app migrate-embedded) to move it into the new store; it keeps the old files",
		dataDir, legacyDir(dataDir))
}
