package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// These tests run the real binary as a separate process, as an operator
// does: signals, exit codes, start-up messages and restarts on the same
// DATA_DIR are properties of a process, not of a function call.

// buildAgora compiles the service into a temporary directory.
func buildAgora(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go tool is needed to build the binary: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "agora")
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process is a running agora binary.
type process struct {
	t    *testing.T
	cmd  *exec.Cmd
	addr string // host:port it listens on, once ready
	URL  string

	mu     sync.Mutex
	stderr bytes.Buffer
	exited chan struct{}
	err    error // exit status, once exited is closed
}

var listeningAddr = regexp.MustCompile(`msg="agora is listening" addr=(\S+)`)

// startProcess starts bin with exactly env (nothing is inherited) and waits
// until it listens (addr is then set) or exits (addr stays empty).
func startProcess(t *testing.T, bin string, env map[string]string) *process {
	t.Helper()
	p := &process{t: t, exited: make(chan struct{})}
	p.cmd = exec.Command(bin)
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.stderr.WriteString(line + "\n")
			p.mu.Unlock()
			if m := listeningAddr.FindStringSubmatch(line); m != nil {
				select {
				case ready <- m[1]:
				default:
				}
			}
		}
	}()
	go func() {
		<-copied // Wait must not run before the pipe is drained
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			t.Logf("agora's output:\n%s", p.output())
		}
	})
	select {
	case p.addr = <-ready:
		p.URL = "http://" + p.addr
	case <-p.exited:
	case <-time.After(60 * time.Second):
		t.Fatalf("agora did not listen within 60s:\n%s", p.output())
	}
	return p
}

func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// wait waits up to d for the process to exit and returns its exit code.
func (p *process) wait(d time.Duration) int {
	p.t.Helper()
	select {
	case <-p.exited:
	case <-time.After(d):
		p.t.Fatalf("agora did not exit within %v:\n%s", d, p.output())
	}
	var exit *exec.ExitError
	if errors.As(p.err, &exit) {
		return exit.ExitCode()
	}
	if p.err != nil {
		p.t.Fatalf("wait: %v", p.err)
	}
	return 0
}

// stop sends SIGTERM and expects a clean exit within 10 s.
func (p *process) stop() {
	p.t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		p.t.Fatal(err)
	}
	if code := p.wait(10 * time.Second); code != 0 {
		p.t.Fatalf("exit code %d after SIGTERM:\n%s", code, p.output())
	}
}

// processEnv is the environment of a test process: the embedded store
// under dataDir, quiet logs, no demo data, no rate limits.
func processEnv(dataDir string, extra map[string]string) map[string]string {
	env := map[string]string{
		"ADDR":                   "127.0.0.1:0",
		"DATA_DIR":               dataDir,
		"DEMO_DATA":              "false",
		"LOG_LEVEL":              "info",
		"SIGNUP_RATE_PER_MINUTE": "0",
		"LOGIN_RATE_PER_MINUTE":  "0",
		"HOME":                   dataDir,
		"TMPDIR":                 os.TempDir(),
	}
	for k, v := range extra {
		env[k] = v
	}
	return env
}

func TestBadSettingStopsStartUp(t *testing.T) {
	bin := buildAgora(t)
	for _, tc := range []struct{ name, value string }{
		{"ADDR", "nonsense"},
		{"MAIL_RETRY_BASE", "abc"},
	} {
		t.Run("Err"+tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := startProcess(t, bin, processEnv(dir, map[string]string{tc.name: tc.value}))
			if code := p.wait(30 * time.Second); code == 0 {
				t.Fatalf("exit code 0 with %s=%s", tc.name, tc.value)
			}
			out := p.output()
			if !strings.Contains(out, tc.name+": ") || !strings.Contains(out, tc.value) {
				t.Fatalf("the message does not name %s and its value:\n%s", tc.name, out)
			}
			if p.addr != "" {
				t.Fatal("it listened before refusing the setting")
			}
			if _, err := os.Stat(filepath.Join(dir, "db")); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("it opened the store before refusing the setting (%v)", err)
			}
		})
	}
}

func TestSIGTERMDrainsInFlightRequest(t *testing.T) {
	bin := buildAgora(t)
	p := startProcess(t, bin, processEnv(t.TempDir(), map[string]string{
		"ADMIN_EMAIL": testAdminEmail, "ADMIN_PASSWORD": testAdminPassword,
	}))
	if p.addr == "" {
		t.Fatalf("agora exited at start:\n%s", p.output())
	}
	// A login whose body trickles in over seconds, the way it does from a
	// phone on a poor connection: the request is in flight at the server
	// the whole time.
	body := `{"email": "` + testAdminEmail + `", "password": "` + testAdminPassword + `"}`
	conn := dialRaw(t, p.addr)
	head := "POST /api/v1/auth/login HTTP/1.1\r\nHost: agora\r\nContent-Type: application/json\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	// Send the headers and a first piece of the body, so that the server
	// is reading a request when the signal arrives.
	if _, err := io.WriteString(conn, head+body[:10]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	signalled := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	t.Run("StopsAccepting", func(t *testing.T) {
		waitUntilRefused(t, p.addr, 5*time.Second)
	})
	rest := body[10:]
	for len(rest) > 0 {
		n := min(8, len(rest))
		time.Sleep(150 * time.Millisecond)
		if _, err := io.WriteString(conn, rest[:n]); err != nil {
			t.Fatalf("the server dropped the request in flight: %v", err)
		}
		rest = rest[n:]
	}
	res := readRawResponse(t, conn)
	t.Run("InFlightRequestCompletes", func(t *testing.T) {
		if res.status != 200 || !bytes.Contains(res.body, []byte(`"token"`)) {
			t.Fatalf("status %d body %s, want 200 with a token", res.status, res.body)
		}
	})
	t.Run("ExitsZero", func(t *testing.T) {
		if code := p.wait(10*time.Second - time.Since(signalled)); code != 0 {
			t.Fatalf("exit code %d", code)
		}
		out := p.output()
		drain := strings.Index(out, "shutting down: draining requests")
		closeStore := strings.Index(out, "shutting down: closing the store")
		if drain < 0 || closeStore < drain {
			t.Fatalf("shutdown did not drain, then close the store:\n%s", out)
		}
	})
}

func TestDataSurvivesRestart(t *testing.T) {
	bin := buildAgora(t)
	dir := t.TempDir()
	// The first start creates the admin from the environment.
	first := startProcess(t, bin, processEnv(dir, map[string]string{
		"ADMIN_EMAIL": testAdminEmail, "ADMIN_PASSWORD": testAdminPassword,
	}))
	if first.addr == "" {
		t.Fatalf("agora exited at start:\n%s", first.output())
	}
	loginStatus(t, first.URL, 200)
	if !strings.Contains(first.output(), "embedded SQLite") {
		t.Fatalf("not on the embedded store:\n%s", first.output())
	}
	first.stop()
	// The second start has no admin settings: the account can only come
	// from the files under DATA_DIR.
	second := startProcess(t, bin, processEnv(dir, nil))
	if second.addr == "" {
		t.Fatalf("agora exited at restart:\n%s", second.output())
	}
	loginStatus(t, second.URL, 200)
	second.stop()
}

func TestSecretKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "secret_key")
	runAndStop(t, map[string]string{"DATA_DIR": dir})
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no secret generated: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret_key mode %v, want 0600", fi.Mode().Perm())
	}
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}\n$`).Match(first) {
		t.Fatalf("secret_key %q, want 256 random bits in hex", first)
	}
	t.Run("ReusedOnRestart", func(t *testing.T) {
		runAndStop(t, map[string]string{"DATA_DIR": dir})
		again, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(again, first) {
			t.Fatalf("secret_key changed on restart (%v)", err)
		}
	})
	t.Run("NotWrittenWhenSet", func(t *testing.T) {
		other := t.TempDir()
		runAndStop(t, map[string]string{"DATA_DIR": other, "SECRET_KEY": strings.Repeat("x", 40)})
		if _, err := os.Stat(filepath.Join(other, "secret_key")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("secret_key written although SECRET_KEY is set (%v)", err)
		}
	})
	t.Run("ErrTooShort", func(t *testing.T) {
		bad := t.TempDir()
		if err := os.WriteFile(filepath.Join(bad, "secret_key"), []byte("short\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		err := Run(context.Background(), mapEnv(map[string]string{"DATA_DIR": bad}), io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), "SECRET_KEY") {
			t.Fatalf("a damaged secret_key: got %v, want an error naming SECRET_KEY", err)
		}
	})
}
