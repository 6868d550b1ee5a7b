package storetest

import (
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// activityRevision pins down what both stores keep of a schedule change:
// the revision (the SEQUENCE of attendees' calendar files) and the
// announcement still to be sent, both written with the edit and read back.
func (s *suite) activityRevision(t *testing.T) {
	t.Run("UpdateActivityDetails/OKRevisionAndNotice", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		if got := f.read(a.ID); got.Revision != 0 || got.ChangeNotice != nil {
			t.Fatalf("new activity: revision %d, notice %+v; want 0, none", got.Revision, got.ChangeNotice)
		}
		edit := f.read(a.ID)
		before := edit.Schedule()
		edit.StartsAt = edit.StartsAt.Add(time.Hour)
		edit.Revision = 3
		edit.ChangeNotice = &models.ChangeNotice{Window: 3, Due: f.now.Add(5 * time.Minute), Old: before}
		must(t, f.st.UpdateActivityDetails(f.ctx, edit), "update")
		got := f.read(a.ID)
		if got.Revision != 3 || got.ChangeNotice == nil || got.ChangeNotice.Window != 3 ||
			!got.ChangeNotice.Due.Equal(edit.ChangeNotice.Due) || !got.ChangeNotice.Old.Equal(before) {
			t.Fatalf("read back revision %d, notice %+v; want 3, %+v", got.Revision, got.ChangeNotice, edit.ChangeNotice)
		}
		edit = got
		edit.ChangeNotice = nil
		must(t, f.st.UpdateActivityDetails(f.ctx, edit), "clear the notice")
		if got := f.read(a.ID); got.Revision != 3 || got.ChangeNotice != nil {
			t.Fatalf("after clearing: revision %d, notice %+v; want 3, none", got.Revision, got.ChangeNotice)
		}
	})
}
