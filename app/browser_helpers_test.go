package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Browser tests drive Debian's chromium through chromedp and check pages
// with axe-core. They need chromium (CHROMIUM_PATH, else chromium on the
// PATH) and axe-core's axe.min.js (AXE_CORE_PATH, else the copy .ci/axe
// installs). Without them they skip and say why, unless
// AGORA_REQUIRE_BROWSER=1, which CI sets: then a missing browser fails.

// browserKit is what the browser tests need from the machine.
type browserKit struct {
	chromium string
	axe      string // the source of axe.min.js
}

// needBrowser returns the browser kit, or skips (fails under
// AGORA_REQUIRE_BROWSER=1) when it is not installed.
func needBrowser(t *testing.T) browserKit {
	t.Helper()
	unavailable := func(why string) {
		t.Helper()
		if os.Getenv("AGORA_REQUIRE_BROWSER") == "1" {
			t.Fatalf("browser test cannot run: %s (AGORA_REQUIRE_BROWSER=1)", why)
		}
		t.Skipf("SKIPPED browser test: %s. Install chromium and run `npm ci --prefix .ci/axe` "+
			"(or set CHROMIUM_PATH and AXE_CORE_PATH) to run it.", why)
	}
	if testing.Short() {
		unavailable("-short")
	}
	chromium := os.Getenv("CHROMIUM_PATH")
	if chromium == "" {
		for _, name := range []string{"chromium", "chromium-browser"} {
			if p, err := exec.LookPath(name); err == nil {
				chromium = p
				break
			}
		}
	}
	if chromium == "" {
		unavailable("chromium not found (set CHROMIUM_PATH or install Debian's chromium)")
	}
	axePath := os.Getenv("AXE_CORE_PATH")
	if axePath == "" {
		axePath = filepath.Join("..", ".ci", "axe", "node_modules", "axe-core", "axe.min.js")
	}
	src, err := os.ReadFile(axePath)
	if err != nil {
		unavailable(fmt.Sprintf("axe-core not readable at %s (set AXE_CORE_PATH): %v", axePath, err))
	}
	return browserKit{chromium: chromium, axe: string(src)}
}

// newBrowser starts a headless chromium with a fresh profile and returns
// a context for one tab; it is closed when the test ends.
func newBrowser(t *testing.T, kit browserKit) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(kit.chromium),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("chromium did not start: %v", err)
	}
	return ctx
}

// step is one browser action that returns nothing.
type step = chromedp.Action[chromedp.Void]

// run runs browser steps with a time limit, failing the test on error.
func run(t *testing.T, ctx context.Context, what string, steps ...step) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// get runs one browser action that returns a value.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// viewport sets the window width; below 600 px it emulates a phone.
func viewport(width int) step {
	if width < 600 {
		return chromedp.EmulateViewport(int64(width), 800, chromedp.EmulateMobile, chromedp.EmulatePortrait)
	}
	return chromedp.EmulateViewport(int64(width), 800)
}

// noJavaScript turns the page's JavaScript off, as some readers have it.
func noJavaScript() step {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled,
			emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
}

// axeViolation is one failed axe rule and where it failed.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeRun is the script that runs axe on the page against WCAG 2.2 A and
// AA and axe's best practices, and returns the violations.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values:
  ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})
 .then(r => JSON.stringify({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id,
   impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))}))`

// axeResult is what axeRun returns.
type axeResult struct {
	Passes     int            `json:"passes"`
	Violations []axeViolation `json:"violations"`
}

// runAxe runs axe on the current page.
func runAxe(t *testing.T, ctx context.Context, kit browserKit, what string) axeResult {
	t.Helper()
	run(t, ctx, what+": load axe", chromedp.Evaluate[chromedp.Void](kit.axe))
	raw := get(t, ctx, what+": axe", chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
	var res axeResult
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatalf("%s: axe answered %q: %v", what, raw, err)
	}
	if res.Passes == 0 {
		t.Fatalf("%s: axe checked nothing", what)
	}
	return res
}

// checkPage runs axe on the current page and checks that it does not
// scroll sideways; what names the page in failures.
func checkPage(t *testing.T, ctx context.Context, kit browserKit, what string) {
	t.Helper()
	res := runAxe(t, ctx, kit, what)
	overflow := get(t, ctx, what+": width", chromedp.Evaluate[bool](
		`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
	for _, v := range res.Violations {
		t.Errorf("%s: axe %s (%s): %s\n    %s", what, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n    "))
	}
	if overflow {
		t.Errorf("%s: the page scrolls sideways", what)
	}
}

// axePage is a page the accessibility tests check: where it is, and what
// to do there before checking (nil: nothing).
type axePage struct {
	name, path string
	then       step
}

// checkPageAt opens p in lang on a screen width px wide and checks it as
// checkPage does.
func checkPageAt(t *testing.T, ctx context.Context, kit browserKit, baseURL string, p axePage, lang string, width int) {
	t.Helper()
	what := fmt.Sprintf("%s %s %dpx", p.name, lang, width)
	sep := "?"
	if strings.Contains(p.path, "?") {
		sep = "&"
	}
	actions := []step{viewport(width), chromedp.Navigate(baseURL + p.path + sep + "lang=" + lang)}
	if p.then != nil {
		actions = append(actions, p.then)
	}
	run(t, ctx, what, actions...)
	checkPage(t, ctx, kit, what)
}

// textOf returns the text content of the first element matching sel.
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return strings.TrimSpace(get(t, ctx, "read "+sel, chromedp.TextContent(chromedp.CSS(sel))))
}
