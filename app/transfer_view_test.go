package main

// What the transfer tests compare: everything a store holds as its methods
// read it, the differences between two such views, and two directories byte
// for byte.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store"
)

// storeView is everything of a filled store, as its methods read it.
type storeView struct {
	Organisation *models.Organisation
	User         *models.User
	Session      *models.Session
	Invitation   *models.Invitation
	Activities   []*models.Activity
	Signups      []models.Signup
	Message      *models.Message
	Emails       []models.OutboxEmail
	Due          []models.OutboxEmail // waiting emails with their bodies
	Key          *models.IdempotencyRecord
	Audit        []models.AuditEntry
	Certificates []models.Certificate
	Report       map[string]store.KindFigures
	UniquePeople int
	RemindersDue []models.Activity
	ToErase      []models.Activity
}

// viewOf reads everything fillStore wrote, normalising what the stores
// may tell apart without meaning anything (an empty text and none).
func viewOf(t *testing.T, st registration.Store, f transferFixture) storeView {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	var v storeView
	var err error
	check := func(what string, e error) {
		t.Helper()
		if e != nil && err == nil {
			err = fmt.Errorf("%s: %w", what, e)
		}
	}
	var e error
	v.Organisation, e = st.OrganisationByID(ctx, f.OrgID)
	check("organisation", e)
	v.User, e = st.UserByID(ctx, f.UserID)
	check("user", e)
	v.Session, e = st.SessionByHash(ctx, f.SessionHash)
	check("session", e)
	v.Invitation, e = st.InvitationByHash(ctx, f.InvitationHash)
	check("invitation", e)
	for _, id := range []string{f.ActivityID, f.EndedActivityID} {
		a, e := st.ActivityByID(ctx, id)
		check("activity", e)
		if a != nil {
			normaliseActivity(a)
		}
		v.Activities = append(v.Activities, a)
	}
	v.Signups, e = st.SignupsByIDs(ctx, []string{f.Confirmed, f.Waiting1, f.Waiting2})
	check("signups", e)
	sort.Slice(v.Signups, func(i, j int) bool { return v.Signups[i].ID < v.Signups[j].ID })
	v.Message, e = st.MessageByID(ctx, f.MessageID)
	check("message", e)
	v.Emails, e = st.ListOutbox(ctx, store.OutboxFilter{Limit: 100})
	check("emails", e)
	v.Due, e = st.ClaimOutboxExclusive(ctx, now.Add(time.Hour), 100, nil, nil)
	check("due emails", e)
	for _, list := range [][]models.OutboxEmail{v.Emails, v.Due} {
		for i := range list {
			list[i].LeaseToken = "" // the lease of a process of the source, not carried
		}
	}
	for i := range v.Due {
		v.Due[i].DedupKey = "" // MongoDB's claims leave it out (Emails has it)
	}
	v.Key, e = st.IdempotencyKey(ctx, f.KeyHash)
	check("idempotency key", e)
	v.Audit, e = st.ListAudit(ctx, store.AuditFilter{Limit: 100})
	check("audit", e)
	v.Certificates, e = st.CertificatesOfActivity(ctx, f.EndedActivityID)
	check("certificates", e)
	byActivity, e := st.AttendanceByActivity(ctx, store.ReportQuery{})
	check("report", e)
	v.Report = store.SumByKind(byActivity)
	v.UniquePeople, e = st.UniquePeople(ctx, store.ReportQuery{})
	check("unique people", e)
	v.RemindersDue, e = st.ActivitiesDueForReminders(ctx, now, 60*24*time.Hour)
	check("reminders", e)
	v.ToErase, e = st.ActivitiesToErase(ctx, now.Add(365*24*time.Hour), 100)
	check("to erase", e)
	if err != nil {
		t.Fatalf("reading the store: %v", err)
	}
	return v
}

func normaliseActivity(a *models.Activity) {
	if len(a.Description) == 0 {
		a.Description = nil
	}
	if len(a.Languages) == 0 {
		a.Languages = nil
	}
	if len(a.Questions) == 0 {
		a.Questions = nil
	}
	if len(a.WaitingList) == 0 {
		a.WaitingList = nil
	}
}

// sameView fails the test where two views differ, naming each difference
// (an empty list or map and none are the same).
func sameView(t *testing.T, got, want storeView) {
	t.Helper()
	var diffs []string
	diffValues("view", reflect.ValueOf(got), reflect.ValueOf(want), &diffs)
	for _, d := range diffs {
		t.Error(d)
	}
}

func diffValues(path string, a, b reflect.Value, diffs *[]string) {
	if a.Kind() != b.Kind() {
		*diffs = append(*diffs, fmt.Sprintf("%s: %v, want %v", path, a, b))
		return
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				*diffs = append(*diffs, fmt.Sprintf("%s: %v, want %v", path, a, b))
			}
			return
		}
		diffValues(path, a.Elem(), b.Elem(), diffs)
	case reflect.Struct:
		if ta, ok := a.Interface().(time.Time); ok {
			if tb := b.Interface().(time.Time); !ta.Equal(tb) {
				*diffs = append(*diffs, fmt.Sprintf("%s: %v, want %v", path, ta, tb))
			}
			return
		}
		for i := 0; i < a.NumField(); i++ {
			diffValues(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i), diffs)
		}
	case reflect.Slice:
		if a.Len() != b.Len() {
			*diffs = append(*diffs, fmt.Sprintf("%s: %d elements, want %d", path, a.Len(), b.Len()))
			return
		}
		for i := 0; i < a.Len(); i++ {
			diffValues(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i), diffs)
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			*diffs = append(*diffs, fmt.Sprintf("%s: %v, want %v", path, a, b))
			return
		}
		for _, k := range a.MapKeys() {
			if !b.MapIndex(k).IsValid() {
				*diffs = append(*diffs, fmt.Sprintf("%s: key %v, not wanted", path, k))
				continue
			}
			diffValues(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), b.MapIndex(k), diffs)
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %v, want %v", path, a, b))
		}
	}
}

// sameFiles fails the test unless both directories hold the same files
// with the same bytes.
func sameFiles(t *testing.T, dirA, dirB string) {
	t.Helper()
	read := func(dir string) map[string][]byte {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = b
		}
		return out
	}
	a, b := read(dirA), read(dirB)
	if len(a) != len(b) {
		t.Fatalf("%s holds %d files, %s %d", dirA, len(a), dirB, len(b))
	}
	for name, content := range a {
		if !bytes.Equal(content, b[name]) {
			t.Errorf("%s differs:\n%s\n---\n%s", name, content, b[name])
		}
	}
}
