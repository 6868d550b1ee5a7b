package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/agora-events/agora/notifications/smtptest"
)

// calendarFile is a .ics file a test received, parsed with golang-ical.
type calendarFile struct {
	ContentType string // the MIME type it came with
	Method      string
	UID         string
	Status      string
	Sequence    int
	Raw         string
}

// parseSignupCalendar parses a .ics file, failing the test unless it parses,
// has one event, and every line ends in CRLF (RFC 5545).
func parseSignupCalendar(t testing.TB, raw, contentType string) calendarFile {
	t.Helper()
	for i, line := range strings.SplitAfter(raw, "\n") {
		if line != "" && !strings.HasSuffix(line, "\r\n") {
			t.Fatalf("calendar line %d does not end in CRLF: %q", i+1, line)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("calendar does not parse: %v\n%s", err, raw)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1:\n%s", len(evs), raw)
	}
	f := calendarFile{ContentType: contentType, UID: evs[0].Id(), Raw: raw}
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ics.PropertyMethod) {
			f.Method = p.Value
		}
	}
	if p := evs[0].GetProperty(ics.ComponentPropertyStatus); p != nil {
		f.Status = p.Value
	}
	if p := evs[0].GetProperty(ics.ComponentPropertySequence); p != nil {
		if f.Sequence, err = strconv.Atoi(p.Value); err != nil {
			t.Fatalf("SEQUENCE %q: %v", p.Value, err)
		}
	}
	if !strings.Contains(contentType, "method="+f.Method) {
		t.Fatalf("content type %q does not match METHOD:%s", contentType, f.Method)
	}
	return f
}

// received is one email the test SMTP server accepted, with its calendar
// file if it carried one.
type received struct {
	To, Subject string
	Text        string
	Calendar    *calendarFile
}

// receivedFor waits for n emails in all, then returns them by recipient
// (each parsed, its .ics checked by parseSignupCalendar).
func receivedFor(t testing.TB, srv *smtptest.Server, n int) map[string][]received {
	t.Helper()
	srv.WaitFor(n, 30*time.Second)
	time.Sleep(500 * time.Millisecond) // catch any extra copy
	msgs := srv.Messages()
	if len(msgs) != n {
		t.Fatalf("%d emails received, want exactly %d", len(msgs), n)
	}
	out := map[string][]received{}
	for _, m := range msgs {
		p := smtptest.Parse(t, m.Data)
		r := received{To: strings.Join(m.To, ","), Subject: p.Subject, Text: p.Parts["text/plain"]}
		if raw, ok := p.Parts["text/calendar"]; ok {
			f := parseSignupCalendar(t, raw, p.ContentTypes["text/calendar"])
			r.Calendar = &f
		}
		out[r.To] = append(out[r.To], r)
	}
	return out
}

// only returns the one email of subject among ms, failing otherwise.
func only(t testing.TB, ms []received, subject string) received {
	t.Helper()
	var found []received
	for _, m := range ms {
		if m.Subject == subject {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d emails with subject %q among %d, want exactly 1", len(found), subject, len(ms))
	}
	return found[0]
}
