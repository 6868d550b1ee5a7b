// Package config reads Agora's settings from the environment into typed
// fields with defaults, and refuses bad values before anything starts.
// It imports nothing of ours.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the service. The zero value is not useful;
// build one with Load.
type Config struct {
	Addr              string
	BaseURL           string
	MongoURI          string
	MongoDatabase     string
	DataDir           string
	SecretKey         string
	AdminEmail        string
	AdminPassword     string
	SMTPURL           string
	MailFrom          string
	MailRetryBase     time.Duration
	MailMaxAttempts   int
	MailConcurrency   int
	MailRatePerSecond float64
	ReminderBefore    time.Duration
	// CheckInOpensBefore is how long before an activity's start staff may
	// check people in (models.CheckInOpen).
	CheckInOpensBefore time.Duration
	// ChangeNoticeDelay is how long the emails announcing a change of an
	// activity's time or place wait, so that edits within it make one.
	ChangeNoticeDelay   time.Duration
	SchedulerInterval   time.Duration
	SignupRatePerMinute int
	LoginRatePerMinute  int
	RetentionDays       int
	DemoData            string
	LogLevel            slog.Level
	LogFormat           string
	TrustedProxies      []netip.Prefix
	ShutdownTimeout     time.Duration
	// MetricsToken, when set, is the bearer token /metrics asks for.
	MetricsToken string
	// MetricsAddr, when set, is the separate listen address of /metrics,
	// which the main ADDR then does not serve.
	MetricsAddr string
}

// Embedded reports whether the service runs on the embedded store.
func (c *Config) Embedded() bool { return c.MongoURI == "" }

// Load reads the settings from getenv (os.Getenv in production, a map in
// tests). A variable NAME may instead be given as NAME_FILE, the path of a
// file holding the value, for secrets kept out of the environment. Every
// problem is reported, each naming its variable.
func Load(getenv func(string) string) (*Config, error) {
	r := reader{getenv: getenv}
	c := &Config{
		Addr:                r.str("ADDR", "127.0.0.1:3000"),
		BaseURL:             strings.TrimRight(r.str("BASE_URL", "http://localhost:3000"), "/"),
		MongoURI:            r.str("MONGODB_URI", ""),
		MongoDatabase:       r.str("MONGODB_DATABASE", "agora"),
		DataDir:             r.str("DATA_DIR", "./data"),
		SecretKey:           r.str("SECRET_KEY", ""),
		AdminEmail:          r.str("ADMIN_EMAIL", ""),
		AdminPassword:       r.str("ADMIN_PASSWORD", ""),
		SMTPURL:             r.str("SMTP_URL", ""),
		MailFrom:            r.str("MAIL_FROM", "Agora <no-reply@localhost>"),
		MailRetryBase:       r.duration("MAIL_RETRY_BASE", 30*time.Second),
		MailMaxAttempts:     r.integer("MAIL_MAX_ATTEMPTS", 10),
		MailConcurrency:     r.integer("MAIL_CONCURRENCY", 4),
		MailRatePerSecond:   r.float("MAIL_RATE_PER_SECOND", 0),
		ReminderBefore:      r.duration("REMINDER_BEFORE", 24*time.Hour),
		CheckInOpensBefore:  r.duration("CHECKIN_OPENS_BEFORE", 2*time.Hour), // = models.DefaultCheckInOpensBefore
		ChangeNoticeDelay:   r.duration("CHANGE_NOTICE_DELAY", 5*time.Minute),
		SchedulerInterval:   r.duration("SCHEDULER_INTERVAL", time.Minute),
		SignupRatePerMinute: r.integer("SIGNUP_RATE_PER_MINUTE", 20),
		LoginRatePerMinute:  r.integer("LOGIN_RATE_PER_MINUTE", 10),
		RetentionDays:       r.integer("RETENTION_DAYS", 90),
		DemoData:            r.str("DEMO_DATA", "auto"),
		LogLevel:            r.level("LOG_LEVEL", slog.LevelInfo),
		LogFormat:           r.str("LOG_FORMAT", "text"),
		TrustedProxies:      r.prefixes("TRUSTED_PROXIES"),
		ShutdownTimeout:     r.duration("SHUTDOWN_TIMEOUT", 10*time.Second),
		MetricsToken:        r.str("METRICS_TOKEN", ""),
		MetricsAddr:         r.str("METRICS_ADDR", ""),
	}
	// A value that failed to parse left its default in place, so Validate
	// does not report it twice.
	if err := errors.Join(append(r.errs, c.Validate())...); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate checks the relations and ranges that parsing alone cannot.
func (c *Config) Validate() error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}
	if err := checkHostPort(c.Addr); err != nil {
		bad("ADDR", "%v", err)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("BASE_URL", "want an absolute http(s) URL, got %q", c.BaseURL)
	}
	if c.MongoURI != "" && !strings.HasPrefix(c.MongoURI, "mongodb://") && !strings.HasPrefix(c.MongoURI, "mongodb+srv://") {
		bad("MONGODB_URI", "want a mongodb:// or mongodb+srv:// URI")
	}
	if c.MongoDatabase == "" {
		bad("MONGODB_DATABASE", "must not be empty")
	}
	if c.DataDir == "" {
		bad("DATA_DIR", "must not be empty")
	}
	if c.SecretKey != "" && len(c.SecretKey) < 32 {
		bad("SECRET_KEY", "must be at least 32 characters")
	}
	if (c.AdminEmail == "") != (c.AdminPassword == "") {
		bad("ADMIN_EMAIL", "ADMIN_EMAIL and ADMIN_PASSWORD go together")
	}
	if c.AdminPassword != "" && len(c.AdminPassword) < 8 {
		bad("ADMIN_PASSWORD", "must be at least 8 characters")
	}
	if c.SMTPURL != "" {
		if _, err := ParseSMTPURL(c.SMTPURL); err != nil {
			bad("SMTP_URL", "%v", err)
		}
	}
	if c.MailRetryBase <= 0 {
		bad("MAIL_RETRY_BASE", "must be positive")
	}
	if c.MailMaxAttempts < 1 {
		bad("MAIL_MAX_ATTEMPTS", "must be at least 1")
	}
	if c.MailConcurrency < 1 {
		bad("MAIL_CONCURRENCY", "must be at least 1")
	}
	if c.MailRatePerSecond < 0 {
		bad("MAIL_RATE_PER_SECOND", "must not be negative")
	}
	if c.ChangeNoticeDelay < 0 {
		bad("CHANGE_NOTICE_DELAY", "must not be negative")
	}
	if c.ReminderBefore < 0 {
		bad("REMINDER_BEFORE", "must not be negative")
	}
	// Zero would open the door only at the start, after the people who
	// came early; more than 30 days is a mistake, not a door.
	if c.CheckInOpensBefore <= 0 || c.CheckInOpensBefore > 30*24*time.Hour {
		bad("CHECKIN_OPENS_BEFORE", "must be more than 0 and at most 720h")
	}
	if c.SchedulerInterval <= 0 {
		bad("SCHEDULER_INTERVAL", "must be positive")
	}
	if c.SignupRatePerMinute < 0 {
		bad("SIGNUP_RATE_PER_MINUTE", "must not be negative")
	}
	if c.LoginRatePerMinute < 0 {
		bad("LOGIN_RATE_PER_MINUTE", "must not be negative")
	}
	if c.RetentionDays < 0 {
		bad("RETENTION_DAYS", "must not be negative")
	}
	if c.DemoData != "auto" && c.DemoData != "false" {
		bad("DEMO_DATA", "want auto or false, got %q", c.DemoData)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("LOG_FORMAT", "want text or json, got %q", c.LogFormat)
	}
	if c.ShutdownTimeout <= 0 {
		bad("SHUTDOWN_TIMEOUT", "must be positive")
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 32 {
		bad("METRICS_TOKEN", "must be at least 32 characters")
	} else if strings.ContainsFunc(c.MetricsToken, func(r rune) bool { return r <= ' ' || r > '~' }) {
		bad("METRICS_TOKEN", "must be printable ASCII without spaces (it travels in an Authorization header)")
	}
	if c.MetricsAddr != "" {
		if err := checkHostPort(c.MetricsAddr); err != nil {
			bad("METRICS_ADDR", "%v", err)
		} else if c.MetricsAddr == c.Addr {
			bad("METRICS_ADDR", "must differ from ADDR, which is public")
		}
	}
	return errors.Join(errs...)
}

// checkHostPort accepts a listen address: host:port, the host possibly
// empty (every interface) and the port possibly 0 (any free port).
func checkHostPort(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("want host:port, got %q", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("invalid port in %q", addr)
	}
	return nil
}
