//go:build faultinject

package registration

import (
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
)

// faultHits counts how often the fault point named in AGORA_FAULT was
// reached.
var faultHits atomic.Int64

// faultPoint kills the process with SIGKILL (no deferred function, no
// shutdown, like a power cut) when it is reached for the n-th time, given
// AGORA_FAULT=name:n. Only binaries built with -tags faultinject have it:
// the crash test builds one.
func faultPoint(name string) {
	spec := os.Getenv("AGORA_FAULT")
	i := strings.LastIndexByte(spec, ':')
	if i < 0 || spec[:i] != name {
		return
	}
	n, err := strconv.ParseInt(spec[i+1:], 10, 64)
	if err != nil || faultHits.Add(1) != n {
		return
	}
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // the signal is on its way
}
