package api

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// FuzzSignup posts arbitrary bodies to the signup endpoint of a published
// activity with text, choice and boolean questions: the answer is 201 with
// a manage token, or a 4xx with the contract's error body — never a panic,
// never a 5xx. Seeds include operator objects where strings belong.
func FuzzSignup(f *testing.F) {
	s := newFuzzServer(f)
	for _, seed := range []string{
		`{"name":"Ana","email":"ana@example.org","language":"es","consent":true,"answers":{"size":"M"}}`,
		`{"name":"Ana","email":"ana2@example.org","language":"es","consent":true,"party_size":4,"phone":"+48 600 100 200","answers":{"size":"L","diet":"none","photo":false}}`,
		`{"name":"Ana","email":{"$ne":""},"language":"es","consent":true,"answers":{"size":"M"}}`,
		`{"name":"Ana","email":"a@example.org","language":"es","consent":true,"answers":{"size":{"$gt":""}}}`,
		`{"name":"Ana","email":"a@example.org","language":"es","consent":true,"answers":{"$where":"1","size":"S"}}`,
		`{"name":"Ana","email":"a@example.org","language":"xx","consent":"yes","party_size":-1}`,
		`{"name":"\u0000","email":"a@example.org\r\nBcc: x@example.org","language":"es","consent":true}`,
		`{"party_size":1e400}`, `{"party_size":9223372036854775808}`, `{"answers":[]}`, `[]`, `null`, `{`, `{"a":1}`,
		`{"name":"Ana"} {"name":"Bo"}`, ``,
	} {
		f.Add([]byte(seed))
	}
	path := "/api/v1/activities/" + s.activityID + "/signups"
	f.Fuzz(func(t *testing.T, body []byte) {
		r := s.send(t, "POST", path, body)
		wantNoServerError(t, r, body)
		if r.Status == 201 {
			var out struct {
				Status      string `json:"status"`
				ManageToken string `json:"manage_token"`
			}
			if err := json.Unmarshal(r.Body, &out); err != nil || out.ManageToken == "" || out.Status != "confirmed" {
				t.Fatalf("201 for %q without a confirmed signup and token: %s", body, r.Body)
			}
		} else if r.Status/100 != 4 {
			t.Fatalf("status %d for %q: %s", r.Status, body, r.Body)
		}
	})
}

// FuzzCreateActivity posts arbitrary bodies to POST /activities as an
// admin naming an organisation: 201 with a draft, or a 4xx with the
// contract's error body, never a 5xx.
func FuzzCreateActivity(f *testing.F) {
	s := newFuzzServer(f)
	var org struct {
		OrganisationID string `json:"organisation_id"`
	}
	s.setUp(f, "GET", "/api/v1/activities/"+s.activityID, nil, &org)
	for _, seed := range []string{
		`{"kind":"lunch","title":{"en":"x"},"starts_at":"2030-01-01T10:00:00Z","ends_at":"2030-01-01T11:00:00Z","capacity":5}`,
		`{"kind":"lunch","title":{"en":"x","$gt":"y"},"starts_at":"2030-01-01T10:00:00Z","ends_at":"2030-01-01T11:00:00Z","capacity":5}`,
		`{"kind":{"$ne":""},"title":{"en":"x"},"starts_at":"2030-01-01T10:00:00Z","ends_at":"2030-01-01T11:00:00Z","capacity":5}`,
		`{"kind":"lunch","title":{"en":"x"},"starts_at":"2030-01-01T10:00:00+14:00","ends_at":"2030-01-01T11:00:00-12:00","capacity":5,"timezone":"Mars/Olympus"}`,
		`{"kind":"lunch","title":{"en":"x"},"starts_at":"2030-01-01T10:00:00Z","ends_at":"2030-01-01T11:00:00Z","capacity":5,"questions":[{"id":"$x","type":"choice","label":{"en":"?"}}]}`,
		`{"kind":"lunch","title":{"en":"x"},"starts_at":"2030-01-01T10:00:00Z","ends_at":"2030-01-01T11:00:00Z","capacity":5,"venue":{"online_url":"javascript:alert(1)"}}`,
		`{"capacity":"ten"}`, `{"starts_at":{"$gt":""}}`, `{"seats_taken":5}`, `{"status":"published"}`, `[1]`, `null`, `{`,
	} {
		f.Add([]byte(seed))
	}
	bearer := "Bearer " + s.adminToken
	f.Fuzz(func(t *testing.T, body []byte) {
		// The organisation is set as an admin must; the rest is the input.
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) == nil && m != nil {
			if _, ok := m["organisation_id"]; !ok {
				m["organisation_id"], _ = json.Marshal(org.OrganisationID)
				body, _ = json.Marshal(m)
			}
		}
		r := s.send(t, "POST", "/api/v1/activities", body, "Authorization", bearer)
		wantNoServerError(t, r, body)
		if r.Status == 201 {
			var out struct {
				ID     string `json:"id"`
				Status string `json:"status"`
			}
			if err := json.Unmarshal(r.Body, &out); err != nil || out.Status != "draft" {
				t.Fatalf("201 for %q without a draft: %s", body, r.Body)
			}
			// Keep the store small: FerretDB scans a collection for most
			// queries, so thousands of drafts would slow every run down.
			if d := s.send(t, "DELETE", "/api/v1/activities/"+out.ID, nil, "Authorization", bearer); d.Status != 204 {
				t.Fatalf("deleting the new draft: %d %s", d.Status, d.Body)
			}
		} else if r.Status/100 != 4 {
			t.Fatalf("status %d for %q: %s", r.Status, body, r.Body)
		}
	})
}

// FuzzManageToken looks signups up by arbitrary manage tokens: only the
// real token finds its signup; anything else — a prefix, a neighbour,
// another case, an id, operator syntax — is a 4xx (not_found), never a
// 5xx, and cancelling with it changes nothing.
func FuzzManageToken(f *testing.F) {
	s := newFuzzServer(f)
	var su struct {
		ID          string `json:"id"`
		ManageToken string `json:"manage_token"`
	}
	s.setUp(f, "POST", "/api/v1/activities/"+s.activityID+"/signups", map[string]any{"name": "Token Holder",
		"email": "holder@example.org", "language": "pl", "consent": true, "answers": map[string]string{"size": "S"}}, &su)
	real := su.ManageToken
	for _, seed := range []string{real, real[:len(real)-1], real[:len(real)-1] + "A", strings.ToUpper(real),
		real + "=", su.ID, "", `{"$ne":""}`, "../activities", strings.Repeat("A", 43), strings.Repeat("%", 43),
		"erased:" + su.ID, strings.Repeat("x", 1000)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		path := "/api/v1/signups/" + url.PathEscape(token)
		if len(path) > 3000 {
			return // beyond the 4 KiB of headers fasthttp reads before it answers 431 itself
		}
		r := s.send(t, "GET", path, nil)
		wantNoServerError(t, r, token)
		if token == real {
			if r.Status != 200 || !strings.Contains(string(r.Body), su.ID) {
				t.Fatalf("the real token: %d %s", r.Status, r.Body)
			}
			return
		}
		if r.Status == 200 {
			t.Fatalf("token %q found a signup: %s", token, r.Body)
		}
		c := s.send(t, "POST", path+"/cancel", nil)
		wantNoServerError(t, c, token)
		if c.Status/100 == 2 {
			t.Fatalf("token %q cancelled a signup: %s", token, c.Body)
		}
	})
}
