package main

import (
	"context"
	"log/slog"

	"github.com/agora-events/agora/config"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store/mongo"
	"github.com/agora-events/agora/store/sqlite"
	"github.com/agora-events/agora/store/transfer"
)

// appStore is the store the service runs on: everything the use cases
// need, moving its data in and out (export, import), and closing it at
// shutdown.
type appStore interface {
	registration.Store
	transfer.Exporter
	transfer.Importer
	Close(ctx context.Context) error
}

// openStore opens the store the configuration names: MongoDB when
// MONGODB_URI is set, else the embedded SQLite store under DATA_DIR.
func openStore(ctx context.Context, cfg *config.Config, logger *slog.Logger) (appStore, error) {
	if !cfg.Embedded() {
		logger.Info("store: MongoDB", "database", cfg.MongoDatabase)
		return mongo.Open(ctx, mongo.Options{URI: cfg.MongoURI, Database: cfg.MongoDatabase, Logger: logger})
	}
	st, err := sqlite.Open(ctx, sqlite.Options{DataDir: cfg.DataDir, Logger: logger})
	if err != nil {
		return nil, err
	}
	logger.Info("store: embedded SQLite", "file", st.Path())
	return st, nil
}
