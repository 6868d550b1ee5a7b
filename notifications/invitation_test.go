package notifications

import (
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func TestRenderInvitation(t *testing.T) {
	r := newTestRenderer(t)
	inv := Invitation{ID: "i1", User: models.User{Name: "Maria <b>", Email: "maria@example.org"},
		Organisation: models.Organisation{ID: "o1", Name: "City Library", Timezone: "Europe/Warsaw", DefaultLanguage: "pl"},
		Link:         "https://agora.example.org/staff/invitations/TOKEN",
		ExpiresAt:    time.Date(2030, 3, 8, 8, 0, 0, 0, time.UTC)}
	for _, lang := range models.Languages() {
		t.Run(lang, func(t *testing.T) {
			inv.Language = lang
			out, err := r.RenderInvitation(inv)
			if err != nil {
				t.Fatal(err)
			}
			for name, s := range map[string]string{"subject": out.Subject, "text": out.Text, "html": out.HTML} {
				if strings.Contains(s, "email.") {
					t.Errorf("%s shows a translation key: %s", name, s)
				}
			}
			if !strings.Contains(out.Subject, "City Library") {
				t.Errorf("subject %q lacks the organisation", out.Subject)
			}
			if !strings.Contains(out.Text, inv.Link) || !strings.Contains(out.HTML, `href="`+inv.Link+`"`) {
				t.Error("the set-password link is missing")
			}
			// 09:00 in Warsaw
			if !strings.Contains(out.Text, r.catalog.DateTime(lang, inv.ExpiresAt, "Europe/Warsaw")) {
				t.Errorf("the expiry (09:00 in Warsaw) is missing:\n%s", out.Text)
			}
			if strings.Contains(out.HTML, "<b>") || !strings.Contains(out.HTML, "Maria &lt;b&gt;") {
				t.Error("the name is not escaped in HTML")
			}
			if lang == "ar" && !strings.Contains(out.HTML, `dir="rtl"`) {
				t.Error("Arabic email is not right to left")
			}
		})
	}
	t.Run("FallsBackToOrganisationLanguage", func(t *testing.T) {
		inv.Language = "xx"
		out, err := r.RenderInvitation(inv)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.Subject, "Twoje konto personelu") {
			t.Errorf("subject %q, want Polish", out.Subject)
		}
	})
}
