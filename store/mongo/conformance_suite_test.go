package mongo_test

import (
	"os"
	"testing"

	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store/mongo/mongotest"
	"github.com/agora-events/agora/store/storetest"
)

// ferretDBNotConcurrent is why the embedded FerretDB cannot prove the
// concurrency invariants of the store contract.
const ferretDBNotConcurrent = "FerretDB v1 applies an update as a read-modify-write in Go, not atomically " +
	"(TestGapIncNotAtomicUnderConcurrency): two conditional updates racing on one document may both apply, " +
	"so seat claims, waiting-list pushes, take-overs and status changes that race are not decided by the " +
	"store; only its unique indexes are. Set MONGODB_TEST_URI to prove them on a real MongoDB"

// TestStoreConformance runs the store contract's conformance suite on a
// fresh database per case: on the embedded FerretDB in every go test, or
// on a real MongoDB when MONGODB_TEST_URI is set, which alone also proves
// the invariants that need concurrent conditional updates to be atomic.
func TestStoreConformance(t *testing.T) {
	opts := storetest.Options{Concurrent: os.Getenv("MONGODB_TEST_URI") != ""}
	if !opts.Concurrent {
		// The suite skips, and lists at its end, every case that races
		// conditional updates.
		opts.NotConcurrent = ferretDBNotConcurrent
		t.Log("on the embedded FerretDB: the cases racing conditional updates are skipped: " + ferretDBNotConcurrent)
	}
	storetest.Run(t, func(t *testing.T) registration.Store { return mongotest.New(t) }, opts)
}
