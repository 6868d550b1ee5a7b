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
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/agora-events/agora/models"
)

// ReadManifest reads and checks the manifest of the export in dir: its
// version, and that it lists every collection once.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("import: %s has no %s: not a complete Agora export", dir, ManifestFile)
	}
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("import: %s: %w", ManifestFile, err)
	}
	if m.Version != Version {
		return nil, fmt.Errorf("import: %s is an export of format version %d; this Agora reads version %d",
			dir, m.Version, Version)
	}
	var names []string
	for _, f := range m.Collections {
		if f.Name != f.Collection+".jsonl" || decoders[f.Collection] == nil || slices.Contains(names, f.Collection) {
			return nil, fmt.Errorf("import: %s: unexpected entry %q (%s)", ManifestFile, f.Collection, f.Name)
		}
		names = append(names, f.Collection)
	}
	if older := Collections[:len(Collections)-len(addedInVersion1)]; slices.Equal(names, older) {
		for _, c := range addedInVersion1 { // an export made before they existed
			m.Collections = append(m.Collections, File{Collection: c, Name: c + ".jsonl", absent: true})
		}
		names = Collections
	}
	if !slices.Equal(names, Collections) {
		return nil, fmt.Errorf("import: %s lists %v; want %v", ManifestFile, names, Collections)
	}
	return &m, nil
}

// Import loads the export in dir into dst, which must be empty. Every
// file is read and checked (header, each record, count and SHA-256 as the
// manifest says) before anything is written, so that a damaged export
// writes nothing; then dst.Import loads it. It returns the manifest.
func Import(ctx context.Context, dir string, dst Importer) (*Manifest, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	if err := readAll(ctx, dir, m, nil); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if err := dst.Import(ctx, func(sink Sink) error { return readAll(ctx, dir, m, sink) }); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return m, nil
}

// Copy loads everything src holds into dst, which must be empty, each
// record passing through its export line on the way, so that a copy is
// exactly an export then an import. It returns the counts, in a manifest
// without files.
func Copy(ctx context.Context, src Exporter, dst Importer) (*Manifest, error) {
	counts := map[string]int{}
	err := dst.Import(ctx, func(sink Sink) error {
		return src.Export(ctx, &lineSink{put: func(c string, line []byte) error {
			counts[c]++
			return decoders[c](line, sink)
		}})
	})
	if err != nil {
		return nil, fmt.Errorf("copy: %w", err)
	}
	m := &Manifest{Version: Version}
	for _, c := range Collections {
		m.Collections = append(m.Collections, File{Collection: c, Records: counts[c]})
	}
	return m, nil
}

// readAll reads every file of the export, in manifest order, handing each
// record to sink (only checking them when sink is nil).
func readAll(ctx context.Context, dir string, m *Manifest, sink Sink) error {
	for _, f := range m.Collections {
		if f.absent {
			continue
		}
		if err := readFile(ctx, filepath.Join(dir, f.Name), f, sink); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return nil
}

func readFile(ctx context.Context, path string, f File, sink Sink) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	sum := sha256.New()
	r := bufio.NewReaderSize(io.TeeReader(file, sum), 1<<16)
	first, err := readLine(r)
	if err != nil {
		return fmt.Errorf("line 1: %w", err)
	}
	var h header
	if err := strictDecode(first, &h); err != nil || h.Version != Version || h.Collection != f.Collection {
		return fmt.Errorf("line 1 is not the header of %s in format version %d", f.Collection, Version)
	}
	decode := decoders[f.Collection]
	n := 0
	for {
		line, err := readLine(r)
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", n+2, err)
		}
		if n++; n%1000 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if sink == nil {
			err = decode(line, discard{})
		} else {
			err = decode(line, sink)
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", n+1, err)
		}
	}
	if n != f.Records {
		return fmt.Errorf("%d records; the manifest says %d", n, f.Records)
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != f.SHA256 {
		return fmt.Errorf("the file's SHA-256 is %s; the manifest says %s: the file was changed or damaged", got, f.SHA256)
	}
	return nil
}

// readLine returns the next line with its newline, io.EOF at the end. A
// last line without its newline is a truncated file.
func readLine(r *bufio.Reader) ([]byte, error) {
	line, err := r.ReadBytes('\n')
	if err == io.EOF && len(line) > 0 {
		return nil, errors.New("the file ends in the middle of a line")
	}
	return line, err
}

func strictDecode(line []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one record on the line")
	}
	return nil
}

// keyed is a record with the key it is stored under.
type keyed interface{ key() string }

// decodeAs decodes one record and hands it on.
func decodeAs[R any, P interface {
	*R
	keyed
}](line []byte, push func(P) error) error {
	var r R
	if err := strictDecode(line, &r); err != nil {
		return err
	}
	if P(&r).key() == "" {
		return errors.New("a record without its id")
	}
	return push(&r)
}

// decoders read one line of each collection into its Sink method.
var decoders = map[string]func(line []byte, sink Sink) error{
	Organisations: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *organisationRecord) error { return s.Organisation(r.model()) })
	},
	Users: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *userRecord) error { return s.User(r.model()) })
	},
	Sessions: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *tokenRecord) error { return s.Session(r.session()) })
	},
	Invitations: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *tokenRecord) error { return s.Invitation(r.invitation()) })
	},
	Activities: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *activityRecord) error { return s.Activity(r.model()) })
	},
	Signups: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *signupRecord) error { return s.Signup(r.model()) })
	},
	Messages: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *messageRecord) error { return s.Message(r.model()) })
	},
	Outbox: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *emailRecord) error { return s.Email(r.model()) })
	},
	IdempotencyKeys: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *idempotencyRecord) error { return s.IdempotencyKey(r.model()) })
	},
	Audit: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *auditRecord) error { return s.AuditEntry(r.model()) })
	},
	Certificates: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *certificateRecord) error { return s.Certificate(r.model()) })
	},
	Series: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *seriesRecord) error { return s.Series(r.model()) })
	},
	SeriesSignups: func(l []byte, s Sink) error {
		return decodeAs(l, func(r *seriesSignupRecord) error { return s.SeriesSignup(r.model()) })
	},
}

// discard accepts every record: the checking pass reads into it.
type discard struct{}

func (discard) Organisation(*models.Organisation) error        { return nil }
func (discard) User(*models.User) error                        { return nil }
func (discard) Session(*models.Session) error                  { return nil }
func (discard) Invitation(*models.Invitation) error            { return nil }
func (discard) Activity(*Activity) error                       { return nil }
func (discard) Signup(*models.Signup) error                    { return nil }
func (discard) Message(*models.Message) error                  { return nil }
func (discard) Email(*Email) error                             { return nil }
func (discard) IdempotencyKey(*models.IdempotencyRecord) error { return nil }
func (discard) AuditEntry(*models.AuditEntry) error            { return nil }
func (discard) Certificate(*models.Certificate) error          { return nil }
func (discard) Series(*models.Series) error                    { return nil }
func (discard) SeriesSignup(*models.SeriesSignup) error        { return nil }
