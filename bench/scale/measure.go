package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/agora-events/agora/bench/internal/load"
)

// endpoint is one request measured in both sizes; i numbers the request,
// for those that must differ (each signup a new person).
type endpoint struct {
	name string
	req  func(i int) load.Request
}

// The endpoints in the order endpoints returns them.
const (
	epList = iota
	epPage
	epStaffList
	epCSV
	epReport
	epSignup
	// The cache misses come after what the targets name, and after the
	// memory reading: each fills the public cache with another answer.
	epListMiss
	epPageMiss
)

// endpoints are what the bench measures, reads first: the signups come
// after them so that the target's pages are read with exactly its seeded
// signups in both sizes.
func endpoints(base, token string, ds *dataset) []endpoint {
	lang := http.Header{"Accept-Language": {"pl-PL,pl;q=0.9,en;q=0.8"}}
	staff := http.Header{"Authorization": {"Bearer " + token}, "Accept-Language": {"pl-PL,pl;q=0.9,en;q=0.8"}}
	get := func(path string, h http.Header) func(int) load.Request {
		return func(int) load.Request { return load.Request{URL: base + path, Header: h} }
	}
	// The public pages are cached while nothing is written (handlers'
	// publicCache, keyed by address): a query parameter the pages ignore,
	// new on every request, measures them as a cache miss, which is what
	// reads the store.
	miss := func(path string) func(int) load.Request {
		return func(i int) load.Request {
			return load.Request{URL: fmt.Sprintf("%s%s?nocache=%d", base, path, i), Header: lang}
		}
	}
	target := "/api/v1/activities/" + ds.targetID
	return []endpoint{
		{"public list /", get("/", lang)},
		{"activity page", get("/activities/"+ds.targetID, lang)},
		{"staff attendee list (API)", get(target+"/signups?limit=100", staff)},
		{"staff attendee CSV", get(target+"/signups.csv", staff)},
		{"attendance report, all", get(fmt.Sprintf("/api/v1/reports/attendance?from=%s&to=%s",
			ds.first.Format("2006-01-02"), ds.last.Format("2006-01-02")), staff)},
		{"signup (POST, API)", func(i int) load.Request {
			body, _ := json.Marshal(map[string]any{"name": fmt.Sprintf("Visitor %d", i),
				"email": fmt.Sprintf("visitor%d@example.org", i), "language": "pl", "consent": true})
			return load.Request{Method: http.MethodPost, URL: base + target + "/signups", Body: body,
				Header: http.Header{"Content-Type": {"application/json"}}, Want: http.StatusCreated}
		}},
		{"public list /, cache miss", miss("/")},
		{"activity page, cache miss", miss("/activities/" + ds.targetID)},
	}
}

// figures are one endpoint's measurements in one size.
type figures struct{ seq, conc load.Result }

// measure runs each endpoint: warm-up requests, then seqN one after the
// other, then concN at conc clients. Request numbers never repeat, so
// every signup is a new person.
func measure(client *http.Client, eps []endpoint, warm, seqN, concN, conc int) ([]figures, error) {
	out := make([]figures, len(eps))
	for k, ep := range eps {
		next := 0
		phase := func(n, c int) (load.Result, error) {
			first := next
			next += n
			return load.Run(load.Options{Concurrency: c, Requests: n}, func(i int) error {
				return load.Hit(client, ep.req(first+i))
			})
		}
		if _, err := phase(warm, 1); err != nil {
			return nil, fmt.Errorf("%s: %w", ep.name, err)
		}
		var err error
		if out[k].seq, err = phase(seqN, 1); err != nil {
			return nil, fmt.Errorf("%s: %w", ep.name, err)
		}
		if out[k].conc, err = phase(concN, conc); err != nil {
			return nil, fmt.Errorf("%s: %w", ep.name, err)
		}
	}
	return out, nil
}

// login opens a staff session as the first admin.
func login(client *http.Client, base string) (string, error) {
	body, _ := json.Marshal(map[string]string{"email": adminEmail, "password": adminPassword})
	_, raw, err := load.Fetch(client, load.Request{Method: http.MethodPost, URL: base + "/api/v1/auth/login", Body: body,
		Header: http.Header{"Content-Type": {"application/json"}}})
	if err != nil {
		return "", err
	}
	var res struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(raw, &res); err != nil || res.Token == "" {
		return "", fmt.Errorf("login: no token in %.200s", raw)
	}
	return res.Token, nil
}

// check makes sure the service serves the seeded data before anything is
// timed: the report counts every activity and signup (so the service runs
// on this data directory), the target's list and CSV hold its signups,
// and the public list shows activities.
func check(client *http.Client, eps []endpoint, ds *dataset) error {
	body := func(k int) ([]byte, error) {
		_, b, err := load.Fetch(client, eps[k].req(0))
		return b, err
	}
	b, err := body(epReport)
	if err != nil {
		return err
	}
	var report struct {
		Totals struct{ Activities, Signups int } `json:"totals"`
	}
	if err := json.Unmarshal(b, &report); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if report.Totals.Activities != ds.shape.activities || report.Totals.Signups != ds.shape.total {
		return fmt.Errorf("the report counts %d activities and %d signups, want %d and %d: is the service running on the seeded SQLite data directory?",
			report.Totals.Activities, report.Totals.Signups, ds.shape.activities, ds.shape.total)
	}
	if b, err = body(epStaffList); err != nil {
		return err
	}
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(b, &list); err != nil || len(list.Items) != ds.shape.target {
		return fmt.Errorf("the staff list of the target has %d signups, want %d (%v)", len(list.Items), ds.shape.target, err)
	}
	if b, err = body(epCSV); err != nil {
		return err
	}
	if rows := strings.Count(strings.TrimSpace(string(b)), "\n"); rows != ds.shape.target {
		return fmt.Errorf("the CSV of the target has %d rows, want %d", rows, ds.shape.target)
	}
	if b, err = body(epList); err != nil {
		return err
	}
	item := []byte(`<h3><a href="/activities/`)
	if !bytes.Contains(b, item) {
		return fmt.Errorf("the public list shows no activity")
	}
	if c, err := body(epListMiss); err != nil || bytes.Count(c, item) != bytes.Count(b, item) {
		return fmt.Errorf("the public list with an ignored parameter shows other activities (%v)", err)
	}
	return nil
}
