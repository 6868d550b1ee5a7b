package main

import (
	"context"
	"log/slog"

	"github.com/agora-events/agora/config"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store/mongo"
)

// appStore is the store the service runs on: everything the use cases
// need, and closing it at shutdown.
type appStore interface {
	registration.Store
	Close(ctx context.Context) error
}

// openStore opens the store the configuration names: MongoDB when
// MONGODB_URI is set, else the embedded store under DATA_DIR.
func openStore(ctx context.Context, cfg *config.Config, logger *slog.Logger) (appStore, error) {
	return mongo.Open(ctx, mongo.Options{URI: cfg.MongoURI, Database: cfg.MongoDatabase,
		DataDir: cfg.DataDir, Logger: logger})
}
