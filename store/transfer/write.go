package transfer

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/agora-events/agora/models"
)

// ManifestFile is the export's table of contents, written last.
const ManifestFile = "manifest.json"

// Manifest describes a complete export.
type Manifest struct {
	Version int `json:"agora_export"`
	// KeyCheck identifies the secret key of the exporting Agora without
	// revealing it (manage links are derived from that key); the caller
	// fills it in and compares it before importing.
	KeyCheck    string `json:"secret_key_check,omitempty"`
	Collections []File `json:"collections"`
}

// File is one collection's file in a manifest.
type File struct {
	Collection string `json:"collection"`
	Name       string `json:"file"`
	Records    int    `json:"records"`
	SHA256     string `json:"sha256"`
	// absent marks a collection the export predates (addedInVersion1):
	// no file, no records.
	absent bool
}

// header is the first line of every file.
type header struct {
	Version    int    `json:"agora_export"`
	Collection string `json:"collection"`
}

// Summary says how many records of each collection the manifest lists.
func (m *Manifest) Summary() string {
	var b bytes.Buffer
	for i, f := range m.Collections {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %d", f.Collection, f.Records)
	}
	return b.String()
}

// Export writes everything src holds into dir, which must not exist or be
// empty; m's KeyCheck is kept in the manifest. The files are readable by
// their owner only: they hold personal data and password hashes. On
// failure the files written are removed.
func Export(ctx context.Context, src Exporter, dir string, m Manifest) (*Manifest, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("export: %s is not empty; export into a new directory", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("export: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	w := &fileSink{dir: dir, files: map[string]*exportFile{}}
	out, err := w.run(ctx, src, m)
	if err != nil {
		w.remove()
		return nil, fmt.Errorf("export: %w", err)
	}
	return out, nil
}

// exportFile is one collection's file being written.
type exportFile struct {
	f       *os.File
	buf     *bufio.Writer
	sum     hash.Hash
	records int
}

// fileSink appends each record's line to its collection's file.
type fileSink struct {
	dir   string
	files map[string]*exportFile
}

func (w *fileSink) run(ctx context.Context, src Exporter, m Manifest) (*Manifest, error) {
	for _, c := range Collections {
		f, err := os.OpenFile(filepath.Join(w.dir, c+".jsonl"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, err
		}
		ef := &exportFile{f: f, sum: sha256.New(), buf: bufio.NewWriterSize(f, 1<<16)}
		w.files[c] = ef
		line, err := encodeLine(header{Version: Version, Collection: c})
		if err != nil {
			return nil, err
		}
		if err := ef.write(line); err != nil {
			return nil, err
		}
	}
	if err := src.Export(ctx, &lineSink{put: w.put}); err != nil {
		return nil, err
	}
	m.Version, m.Collections = Version, nil
	for _, c := range Collections {
		ef := w.files[c]
		if err := ef.buf.Flush(); err != nil {
			return nil, err
		}
		if err := ef.f.Sync(); err != nil {
			return nil, err
		}
		m.Collections = append(m.Collections, File{Collection: c, Name: c + ".jsonl", Records: ef.records,
			SHA256: hex.EncodeToString(ef.sum.Sum(nil))})
	}
	if err := w.closeFiles(); err != nil {
		return nil, err
	}
	return &m, writeManifest(w.dir, &m)
}

// put appends one record's line.
func (w *fileSink) put(collection string, line []byte) error {
	ef := w.files[collection]
	ef.records++
	return ef.write(line)
}

func (ef *exportFile) write(line []byte) error {
	ef.sum.Write(line)
	_, err := ef.buf.Write(line)
	return err
}

func (w *fileSink) closeFiles() error {
	var errs []error
	for _, ef := range w.files {
		if ef.f != nil {
			errs = append(errs, ef.f.Close())
			ef.f = nil
		}
	}
	return errors.Join(errs...)
}

// remove deletes what a failed export wrote.
func (w *fileSink) remove() {
	_ = w.closeFiles()
	for c := range w.files {
		_ = os.Remove(filepath.Join(w.dir, c+".jsonl"))
	}
	_ = os.Remove(filepath.Join(w.dir, ManifestFile+".tmp"))
	_ = os.Remove(w.dir) // only if it is empty, as it was
}

// writeManifest writes the manifest through a temporary file, so that it
// appears whole or not at all.
func writeManifest(dir string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, ManifestFile+".tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	if f, err := os.Open(tmp); err == nil {
		err = f.Sync()
		f.Close()
		if err != nil {
			return err
		}
	}
	return os.Rename(tmp, filepath.Join(dir, ManifestFile))
}

// encodeLine is a record as one line: JSON without HTML escaping (an
// email's HTML stays readable), then a newline.
func encodeLine(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// lineSink turns every record it receives into its line and hands the line
// to put: to a file when exporting, back to a decoder when copying.
type lineSink struct {
	put func(collection string, line []byte) error
}

func (s *lineSink) encode(collection string, record any) error {
	line, err := encodeLine(record)
	if err != nil {
		return fmt.Errorf("%s: %w", collection, err)
	}
	return s.put(collection, line)
}

func (s *lineSink) Organisation(o *models.Organisation) error {
	return s.encode(Organisations, organisationRecordOf(o))
}
func (s *lineSink) User(u *models.User) error       { return s.encode(Users, userRecordOf(u)) }
func (s *lineSink) Session(x *models.Session) error { return s.encode(Sessions, sessionRecordOf(x)) }
func (s *lineSink) Invitation(inv *models.Invitation) error {
	return s.encode(Invitations, invitationRecordOf(inv))
}
func (s *lineSink) Activity(a *Activity) error      { return s.encode(Activities, activityRecordOf(a)) }
func (s *lineSink) Signup(su *models.Signup) error  { return s.encode(Signups, signupRecordOf(su)) }
func (s *lineSink) Message(m *models.Message) error { return s.encode(Messages, messageRecordOf(m)) }
func (s *lineSink) Email(e *Email) error            { return s.encode(Outbox, emailRecordOf(e)) }
func (s *lineSink) IdempotencyKey(r *models.IdempotencyRecord) error {
	return s.encode(IdempotencyKeys, idempotencyRecordOf(r))
}
func (s *lineSink) AuditEntry(e *models.AuditEntry) error { return s.encode(Audit, auditRecordOf(e)) }
func (s *lineSink) Certificate(c *models.Certificate) error {
	return s.encode(Certificates, certificateRecordOf(c))
}
func (s *lineSink) Series(sr *models.Series) error { return s.encode(Series, seriesRecordOf(sr)) }
func (s *lineSink) SeriesSignup(ss *models.SeriesSignup) error {
	return s.encode(SeriesSignups, seriesSignupRecordOf(ss))
}
