package load

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// BuildApp builds ./app of the module the bench runs in into dir and
// returns the binary's path: the service as it ships, so that start-up
// time and memory are those of a real process, not of a bench holding
// its seeding data.
func BuildApp(dir string) (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(out)))
	bin := filepath.Join(dir, "agora")
	cmd := exec.Command("go", "build", "-o", bin, "./app")
	cmd.Dir, cmd.Stdout, cmd.Stderr = root, os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./app: %w", err)
	}
	return bin, nil
}

// FreeAddr returns a loopback address with a port free a moment ago: the
// service then logs nothing at LOG_LEVEL=warn, so the bench names the
// address rather than reading it from the log.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// Process is the service running as a child process.
type Process struct {
	URL     string
	Startup time.Duration // from starting the process to /readyz answering 200
	cmd     *exec.Cmd
	exited  chan error
}

// StartProcess runs bin with only env (plus PATH, HOME and TMPDIR) and
// waits until /readyz at env["ADDR"] answers 200.
func StartProcess(bin string, env map[string]string) (*Process, error) {
	cmd := exec.Command(bin)
	for _, k := range []string{"PATH", "HOME", "TMPDIR"} {
		if v, ok := os.LookupEnv(k); ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	p := &Process{URL: "http://" + env["ADDR"], cmd: cmd, exited: make(chan error, 1)}
	client := &http.Client{Timeout: time.Second}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.exited <- cmd.Wait() }()
	for {
		select {
		case err := <-p.exited:
			return nil, fmt.Errorf("the service exited before it was ready: %v", err)
		default:
		}
		if res, err := client.Get(p.URL + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				p.Startup = time.Since(start)
				return p, nil
			}
		}
		if time.Since(start) > 2*time.Minute {
			p.Stop()
			return nil, errors.New("the service was not ready within 2 minutes")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// Memory is the process's resident set now (VmRSS) and at its peak
// (VmHWM), in MiB, read from /proc (Linux only).
func (p *Process) Memory() (rss, peak float64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, _ := strings.Cut(sc.Text(), ":")
		fields := strings.Fields(value)
		if len(fields) != 2 || fields[1] != "kB" {
			continue
		}
		kb, _ := strconv.ParseFloat(fields[0], 64)
		switch name {
		case "VmRSS":
			rss = kb / 1024
		case "VmHWM":
			peak = kb / 1024
		}
	}
	if rss == 0 || peak == 0 {
		return 0, 0, errors.New("no VmRSS or VmHWM in /proc status")
	}
	return rss, peak, sc.Err()
}

// Stop asks the service to shut down (SIGTERM), as an orchestrator
// would, and kills it if it has not stopped within 30 seconds.
func (p *Process) Stop() error {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		return err
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
		return errors.New("the service did not stop within 30s of SIGTERM; killed")
	}
}
