package transfer_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/transfer"
)

// memStore holds records in memory: an Exporter of what it holds and an
// Importer while it holds nothing.
type memStore struct {
	transfer.Sink // nil: only the methods below are called
	orgs          []models.Organisation
	audit         []models.AuditEntry
	certs         []models.Certificate
}

func (m *memStore) Export(_ context.Context, sink transfer.Sink) error {
	for i := range m.orgs {
		if err := sink.Organisation(&m.orgs[i]); err != nil {
			return err
		}
	}
	for i := range m.audit {
		if err := sink.AuditEntry(&m.audit[i]); err != nil {
			return err
		}
	}
	for i := range m.certs {
		if err := sink.Certificate(&m.certs[i]); err != nil {
			return err
		}
	}
	return nil
}

func (m *memStore) Import(_ context.Context, load func(transfer.Sink) error) error {
	if len(m.orgs)+len(m.audit)+len(m.certs) > 0 {
		return transfer.ErrNotEmpty
	}
	return load(m)
}

func (m *memStore) Organisation(o *models.Organisation) error {
	m.orgs = append(m.orgs, *o)
	return nil
}

func (m *memStore) AuditEntry(e *models.AuditEntry) error {
	m.audit = append(m.audit, *e)
	return nil
}

func (m *memStore) Certificate(c *models.Certificate) error {
	m.certs = append(m.certs, *c)
	return nil
}

func exported(t *testing.T) (*memStore, string) {
	t.Helper()
	at := time.Date(2026, 5, 1, 10, 0, 0, 123_456_789, time.UTC)
	src := &memStore{
		orgs: []models.Organisation{{ID: "o1", Name: "Bibliothèque <Centre> & Co", Slug: "centre", Country: "FR",
			Timezone: "Europe/Paris", DefaultLanguage: "fr", CreatedAt: at}},
		audit: []models.AuditEntry{{ID: "e1", Action: models.AuditLogin, TargetType: models.AuditTargetUser, At: at}},
		certs: []models.Certificate{{ID: "c1", SignupID: "s1", ActivityID: "a1", OrganisationID: "o1",
			Title: models.Text{"fr": "Café des langues", "ar": "مقهى اللغة"}, OrganisationName: "Bibliothèque",
			Language: "fr", Timezone: "Europe/Paris", Sessions: []models.CertificateSession{{StartsAt: at,
				EndsAt: at.Add(90 * time.Minute)}}, Minutes: 90, NameHash: "h", IssuedAt: at, RevokedAt: &at}},
	}
	dir := filepath.Join(t.TempDir(), "export")
	m, err := transfer.Export(context.Background(), src, dir, transfer.Manifest{KeyCheck: "k"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Summary() != "organisations: 1, users: 0, sessions: 0, invitations: 0, activities: 0, signups: 0, messages: 0, outbox: 0, idempotency: 0, audit: 1, certificates: 1, series: 0, series_signups: 0" {
		t.Fatalf("summary %q", m.Summary())
	}
	return src, dir
}

func TestExportImport(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		src, dir := exported(t)
		b, _ := os.ReadFile(filepath.Join(dir, "organisations.jsonl"))
		if want := `{"agora_export":1,"collection":"organisations"}` + "\n" +
			`{"id":"o1","slug":"centre","name":"Bibliothèque <Centre> & Co","country":"FR","timezone":"Europe/Paris",` +
			`"default_language":"fr","created_at":"2026-05-01T10:00:00.123Z"}` + "\n"; string(b) != want {
			t.Fatalf("organisations.jsonl:\n%s\nwant\n%s", b, want)
		}
		dst := &memStore{}
		m, err := transfer.Import(ctx, dir, dst)
		if err != nil {
			t.Fatal(err)
		}
		src.orgs[0].CreatedAt = src.orgs[0].CreatedAt.Truncate(time.Millisecond)
		src.audit[0].At = src.audit[0].At.Truncate(time.Millisecond)
		if m.KeyCheck != "k" || !reflect.DeepEqual(dst.orgs, src.orgs) || !reflect.DeepEqual(dst.audit, src.audit) {
			t.Fatalf("imported %+v %+v (key %q), want %+v %+v", dst.orgs, dst.audit, m.KeyCheck, src.orgs, src.audit)
		}
		c := &src.certs[0]
		at := c.IssuedAt.Truncate(time.Millisecond)
		c.IssuedAt, c.RevokedAt = at, &at
		c.Sessions[0] = models.CertificateSession{StartsAt: at, EndsAt: at.Add(90 * time.Minute)}
		if !reflect.DeepEqual(dst.certs, src.certs) {
			t.Fatalf("imported certificates %+v, want %+v", dst.certs, src.certs)
		}
	})
	// An export made before certificates and series existed has neither
	// their files nor their lines in the manifest: it imports, with none.
	t.Run("OKWithoutCertificates", func(t *testing.T) {
		_, dir := exported(t)
		path := filepath.Join(dir, transfer.ManifestFile)
		b, _ := os.ReadFile(path)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		files := m["collections"].([]any)
		later := []string{"certificates", "series", "series_signups"}
		kept := files[:len(files)-len(later)]
		for i, name := range later {
			if got := files[len(kept)+i].(map[string]any)["collection"]; got != name {
				t.Fatalf("collection %d is %v, want %s", len(kept)+i, got, name)
			}
			if err := os.Remove(filepath.Join(dir, name+".jsonl")); err != nil {
				t.Fatal(err)
			}
		}
		m["collections"] = kept
		b, _ = json.Marshal(m)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		dst := &memStore{}
		if _, err := transfer.Import(ctx, dir, dst); err != nil {
			t.Fatal(err)
		}
		if len(dst.orgs) != 1 || len(dst.audit) != 1 || len(dst.certs) != 0 {
			t.Fatalf("imported %d organisations, %d audit entries, %d certificates", len(dst.orgs), len(dst.audit), len(dst.certs))
		}
	})
	t.Run("ErrExportIntoUsedDirectory", func(t *testing.T) {
		src, dir := exported(t)
		if _, err := transfer.Export(ctx, src, dir, transfer.Manifest{}); err == nil {
			t.Fatal("an export over another must be refused")
		}
	})
	t.Run("ErrNotEmpty", func(t *testing.T) {
		src, dir := exported(t)
		if _, err := transfer.Import(ctx, dir, src); err == nil || !strings.Contains(err.Error(), transfer.ErrNotEmpty.Error()) {
			t.Fatalf("got %v, want %v", err, transfer.ErrNotEmpty)
		}
	})
	for _, c := range []struct {
		name, file, old, new, want string
	}{
		{"ErrVersion", transfer.ManifestFile, `"agora_export": 1`, `"agora_export": 2`, "format version 2"},
		{"ErrUnknownField", "audit.jsonl", `"action"`, `"act"`, "audit.jsonl: line 2"},
		{"ErrTruncated", "audit.jsonl", "Z\"}\n", "Z\"}", "ends in the middle of a line"},
		{"ErrChanged", "audit.jsonl", "auth.login", "auth.logout", "SHA-256"},
		{"ErrHeader", "audit.jsonl", `"collection":"audit"`, `"collection":"users"`, "not the header of audit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, dir := exported(t)
			path := filepath.Join(dir, c.file)
			b, _ := os.ReadFile(path)
			if !strings.Contains(string(b), c.old) {
				t.Fatalf("%s has no %q:\n%s", c.file, c.old, b)
			}
			if err := os.WriteFile(path, []byte(strings.Replace(string(b), c.old, c.new, 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			dst := &memStore{}
			if _, err := transfer.Import(ctx, dir, dst); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error saying %q", err, c.want)
			}
			if len(dst.orgs)+len(dst.audit) > 0 {
				t.Fatal("a damaged export must write nothing")
			}
		})
	}
	t.Run("ErrIncomplete", func(t *testing.T) {
		_, dir := exported(t)
		if err := os.Remove(filepath.Join(dir, transfer.ManifestFile)); err != nil {
			t.Fatal(err)
		}
		if _, err := transfer.Import(ctx, dir, &memStore{}); err == nil || !strings.Contains(err.Error(), "not a complete") {
			t.Fatalf("got %v", err)
		}
	})
}
