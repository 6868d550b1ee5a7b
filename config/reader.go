package config

import (
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"
)

// reader parses variables and collects every error, so that one start-up
// attempt reports all bad settings at once.
type reader struct {
	getenv func(string) string
	errs   []error
}

func (r *reader) fail(name string, format string, args ...any) {
	r.errs = append(r.errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
}

// raw returns NAME, or the trimmed contents of the file named by NAME_FILE.
func (r *reader) raw(name string) string {
	if v := r.getenv(name); v != "" {
		return v
	}
	path := r.getenv(name + "_FILE")
	if path == "" {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		r.fail(name+"_FILE", "cannot read %s: %v", path, err)
		return ""
	}
	return strings.TrimSpace(string(b))
}

func (r *reader) str(name, def string) string {
	if v := r.raw(name); v != "" {
		return v
	}
	return def
}

func (r *reader) duration(name string, def time.Duration) time.Duration {
	v := r.raw(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		r.fail(name, "want a duration such as 30s or 24h, got %q", v)
		return def
	}
	return d
}

func (r *reader) integer(name string, def int) int {
	v := r.raw(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.fail(name, "want a whole number, got %q", v)
		return def
	}
	return n
}

func (r *reader) float(name string, def float64) float64 {
	v := r.raw(name)
	if v == "" {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		r.fail(name, "want a number, got %q", v)
		return def
	}
	return f
}

func (r *reader) level(name string, def slog.Level) slog.Level {
	v := r.raw(name)
	if v == "" {
		return def
	}
	var l slog.Level
	if err := l.UnmarshalText([]byte(v)); err != nil {
		r.fail(name, "want debug, info, warn or error, got %q", v)
		return def
	}
	return l
}

// prefixes parses a comma-separated list of IP addresses or CIDR ranges.
func (r *reader) prefixes(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, f := range strings.Split(r.raw(name), ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			r.fail(name, "want IP addresses or CIDR ranges, got %q", f)
			continue
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out
}
