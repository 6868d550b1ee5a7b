package config

import (
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// env returns a getenv reading from m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Addr: "127.0.0.1:3000", BaseURL: "http://localhost:3000", MongoDatabase: "agora", DataDir: "./data",
		MailFrom: "Agora <no-reply@localhost>", MailRetryBase: 30 * time.Second, MailMaxAttempts: 10,
		MailConcurrency: 4, ReminderBefore: 24 * time.Hour, CheckInOpensBefore: 2 * time.Hour, ChangeNoticeDelay: 5 * time.Minute, SchedulerInterval: time.Minute,
		SignupRatePerMinute: 20, LoginRatePerMinute: 10, RetentionDays: 90, DemoData: "auto",
		LogLevel: slog.LevelInfo, LogFormat: "text", ShutdownTimeout: 10 * time.Second,
	}
	if !equal(*c, want) {
		t.Fatalf("defaults:\n got %+v\nwant %+v", *c, want)
	}
	if !c.Embedded() {
		t.Error("no MONGODB_URI must mean the embedded store")
	}
}

// equal compares configs; Config holds a slice, so it is not comparable.
func equal(a, b Config) bool { return reflect.DeepEqual(a, b) }

func TestLoadValues(t *testing.T) {
	c, err := Load(env(map[string]string{
		"ADDR": "0.0.0.0:8080", "BASE_URL": "https://agora.example.org/", "MONGODB_URI": "mongodb+srv://u:p@cluster/x",
		"MONGODB_DATABASE": "prod", "DATA_DIR": "/data", "SECRET_KEY": strings.Repeat("k", 32),
		"ADMIN_EMAIL": "a@example.org", "ADMIN_PASSWORD": "12345678", "SMTP_URL": "smtps://u:p@mail:465",
		"MAIL_FROM": "Library <l@example.org>", "MAIL_RETRY_BASE": "1s", "MAIL_MAX_ATTEMPTS": "3",
		"MAIL_CONCURRENCY": "8", "MAIL_RATE_PER_SECOND": "2.5", "REMINDER_BEFORE": "2h", "CHECKIN_OPENS_BEFORE": "45m", "CHANGE_NOTICE_DELAY": "30s", "SCHEDULER_INTERVAL": "10s",
		"SIGNUP_RATE_PER_MINUTE": "0", "LOGIN_RATE_PER_MINUTE": "5", "RETENTION_DAYS": "0", "DEMO_DATA": "false",
		"LOG_LEVEL": "debug", "LOG_FORMAT": "json", "TRUSTED_PROXIES": "10.1.2.3, 192.168.7.9/16,::1",
		"SHUTDOWN_TIMEOUT": "3s", "METRICS_TOKEN": strings.Repeat("m", 32), "METRICS_ADDR": "127.0.0.1:9090",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Addr: "0.0.0.0:8080", BaseURL: "https://agora.example.org", MongoURI: "mongodb+srv://u:p@cluster/x",
		MongoDatabase: "prod", DataDir: "/data", SecretKey: strings.Repeat("k", 32),
		AdminEmail: "a@example.org", AdminPassword: "12345678", SMTPURL: "smtps://u:p@mail:465",
		MailFrom: "Library <l@example.org>", MailRetryBase: time.Second, MailMaxAttempts: 3, MailConcurrency: 8,
		MailRatePerSecond: 2.5, ReminderBefore: 2 * time.Hour, CheckInOpensBefore: 45 * time.Minute, ChangeNoticeDelay: 30 * time.Second, SchedulerInterval: 10 * time.Second,
		SignupRatePerMinute: 0, LoginRatePerMinute: 5, RetentionDays: 0, DemoData: "false",
		LogLevel: slog.LevelDebug, LogFormat: "json", ShutdownTimeout: 3 * time.Second,
		MetricsToken: strings.Repeat("m", 32), MetricsAddr: "127.0.0.1:9090",
		TrustedProxies: []netip.Prefix{
			netip.MustParsePrefix("10.1.2.3/32"), netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("::1/128"),
		},
	}
	if !equal(*c, want) {
		t.Fatalf("\n got %+v\nwant %+v", *c, want)
	}
	if c.Embedded() {
		t.Error("a MONGODB_URI must not mean the embedded store")
	}
}

func TestLoadBadValueNamesItsVariable(t *testing.T) {
	cases := []struct {
		name, value string
		named       string // the variable the message must name, when not name
	}{
		{"ADDR", "nonsense", ""},
		{"ADDR", "127.0.0.1:99999", ""},
		{"ADDR", "127.0.0.1:http", ""},
		{"BASE_URL", "ftp://example.org", ""},
		{"BASE_URL", "localhost:3000", ""},
		{"MONGODB_URI", "postgres://db", ""},
		{"SECRET_KEY", "short", ""},
		{"ADMIN_EMAIL", "a@example.org", ""},
		{"ADMIN_PASSWORD", "long enough password", "ADMIN_EMAIL"},
		{"SMTP_URL", "http://mail", ""},
		{"SMTP_URL", "smtp://", ""},
		{"MAIL_RETRY_BASE", "abc", ""},
		{"MAIL_RETRY_BASE", "30", ""},
		{"MAIL_RETRY_BASE", "-1s", ""},
		{"MAIL_MAX_ATTEMPTS", "0", ""},
		{"MAIL_MAX_ATTEMPTS", "ten", ""},
		{"MAIL_CONCURRENCY", "0", ""},
		{"MAIL_CONCURRENCY", "1.5", ""},
		{"MAIL_RATE_PER_SECOND", "-1", ""},
		{"MAIL_RATE_PER_SECOND", "fast", ""},
		{"REMINDER_BEFORE", "-1h", ""},
		{"CHANGE_NOTICE_DELAY", "-1m", ""},
		{"CHECKIN_OPENS_BEFORE", "0s", ""},
		{"CHECKIN_OPENS_BEFORE", "-2h", ""},
		{"CHECKIN_OPENS_BEFORE", "721h", ""},
		{"CHECKIN_OPENS_BEFORE", "two hours", ""},
		{"REMINDER_BEFORE", "a day", ""},
		{"SCHEDULER_INTERVAL", "0s", ""},
		{"SIGNUP_RATE_PER_MINUTE", "-1", ""},
		{"SIGNUP_RATE_PER_MINUTE", "many", ""},
		{"LOGIN_RATE_PER_MINUTE", "-5", ""},
		{"RETENTION_DAYS", "-1", ""},
		{"RETENTION_DAYS", "90d", ""},
		{"DEMO_DATA", "yes", ""},
		{"LOG_LEVEL", "loud", ""},
		{"LOG_FORMAT", "xml", ""},
		{"TRUSTED_PROXIES", "10.0.0.1,proxy.local", ""},
		{"SHUTDOWN_TIMEOUT", "0s", ""},
		{"SHUTDOWN_TIMEOUT", "soon", ""},
		{"METRICS_TOKEN", "short", ""},
		{"METRICS_TOKEN", "a long enough token but with spaces in it", ""},
		{"METRICS_TOKEN", strings.Repeat("é", 32), ""},
		{"METRICS_ADDR", "9090", ""},
		{"METRICS_ADDR", "127.0.0.1:3000", ""}, // the default ADDR
	}
	for _, tc := range cases {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			named := tc.named
			if named == "" {
				named = tc.name
			}
			_, err := Load(env(map[string]string{tc.name: tc.value}))
			if err == nil {
				t.Fatalf("%s=%q was accepted", tc.name, tc.value)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], named+": ") {
				t.Fatalf("want one message naming %s, got:\n%v", named, err)
			}
		})
	}
}

func TestLoadReportsEveryBadValue(t *testing.T) {
	_, err := Load(env(map[string]string{"ADDR": "nonsense", "MAIL_RETRY_BASE": "abc", "LOG_FORMAT": "xml"}))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, name := range []string{"ADDR", "MAIL_RETRY_BASE", "LOG_FORMAT"} {
		if !strings.Contains(err.Error(), name+": ") {
			t.Errorf("%s not named in:\n%v", name, err)
		}
	}
}

func TestLoadFileVariants(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	secret := strings.Repeat("s", 40)
	secretFile := write("secret", secret+"\n")
	t.Run("OK", func(t *testing.T) {
		c, err := Load(env(map[string]string{
			"SECRET_KEY_FILE":     secretFile,
			"ADMIN_EMAIL":         "a@example.org",
			"ADMIN_PASSWORD_FILE": write("password", "  hunter22hunter22 \n"),
			"SMTP_URL_FILE":       write("smtp", "smtp://user:pa%24s@mail.example.org:2525\n"),
			"MONGODB_URI_FILE":    write("mongo", "mongodb://db:27017\n"),
			"METRICS_TOKEN_FILE":  write("metrics", secret+"\n"),
		}))
		if err != nil {
			t.Fatal(err)
		}
		if c.SecretKey != secret || c.AdminPassword != "hunter22hunter22" ||
			c.SMTPURL != "smtp://user:pa%24s@mail.example.org:2525" || c.MongoURI != "mongodb://db:27017" ||
			c.MetricsToken != secret {
			t.Fatalf("file values not read and trimmed: %+v", c)
		}
	})
	t.Run("DirectValueWins", func(t *testing.T) {
		direct := strings.Repeat("d", 32)
		c, err := Load(env(map[string]string{"SECRET_KEY": direct, "SECRET_KEY_FILE": secretFile}))
		if err != nil {
			t.Fatal(err)
		}
		if c.SecretKey != direct {
			t.Fatalf("SecretKey %q, want the direct value", c.SecretKey)
		}
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		_, err := Load(env(map[string]string{"SECRET_KEY_FILE": filepath.Join(dir, "nope")}))
		if err == nil || !strings.HasPrefix(err.Error(), "SECRET_KEY_FILE: ") {
			t.Fatalf("want an error naming SECRET_KEY_FILE, got %v", err)
		}
	})
	t.Run("ErrBadValueInFile", func(t *testing.T) {
		_, err := Load(env(map[string]string{"MAIL_RETRY_BASE_FILE": write("retry", "abc\n")}))
		if err == nil || !strings.HasPrefix(err.Error(), "MAIL_RETRY_BASE: ") {
			t.Fatalf("want an error naming MAIL_RETRY_BASE, got %v", err)
		}
	})
}

func TestParseSMTPURL(t *testing.T) {
	ok := []struct {
		raw  string
		want SMTPSettings
	}{
		{"smtp://user:pass@mail.example.org:587", SMTPSettings{"mail.example.org", 587, "user", "pass", TLSStartTLS}},
		{"smtp://mail.example.org", SMTPSettings{"mail.example.org", 587, "", "", TLSStartTLS}},
		{"smtp://u:p@mail.example.org:2525", SMTPSettings{"mail.example.org", 2525, "u", "p", TLSStartTLS}},
		{"smtps://u:p@mail.example.org", SMTPSettings{"mail.example.org", 465, "u", "p", TLSImplicit}},
		{"smtps://u:p@mail.example.org:4650", SMTPSettings{"mail.example.org", 4650, "u", "p", TLSImplicit}},
		{"smtp://relay?tls=none", SMTPSettings{"relay", 25, "", "", TLSNone}},
		{"smtp://127.0.0.1:1025?tls=none", SMTPSettings{"127.0.0.1", 1025, "", "", TLSNone}},
		{"smtp://apikey:p%40ss%2Fw@[::1]:587", SMTPSettings{"::1", 587, "apikey", "p@ss/w", TLSStartTLS}},
	}
	for _, tc := range ok {
		t.Run("OK/"+tc.raw, func(t *testing.T) {
			got, err := ParseSMTPURL(tc.raw)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	bad := []string{
		"mail.example.org:587",
		"http://mail.example.org",
		"smtp://",
		"smtps://mail.example.org?tls=none",
		"smtp://mail.example.org?tls=maybe",
		"smtp://mail.example.org:0",
		"smtp://mail.example.org:70000",
		"smtp://mail.example.org:abc",
		"smtp://%zz",
	}
	for _, raw := range bad {
		t.Run("Err/"+raw, func(t *testing.T) {
			if got, err := ParseSMTPURL(raw); err == nil {
				t.Fatalf("accepted as %+v", got)
			}
		})
	}
}
