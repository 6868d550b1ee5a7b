package load

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// Profile starts a CPU profile of the bench into path (nothing when path
// is empty) and returns the function that ends it: a bench that misses a
// target can then say where its time went.
func Profile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cpuprofile:", err)
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }
}
