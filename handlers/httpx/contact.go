package httpx

import (
	"html/template"
	"net/url"
	"strings"

	"github.com/agora-events/agora/models"
)

// ContactView is an organisation's contact as pages link it: the email
// as a mailto link, the phone as a tel link, the website as it is (an
// http(s) URL, checked when saved).
type ContactView struct {
	models.Contact
	// TelURL is "tel:" and the phone's digits (with a leading +), built
	// here because html/template refuses the tel: scheme in an href; it
	// holds nothing but those characters, so it is safe to trust.
	TelURL template.URL
}

// Any reports whether there is something to show.
func (c ContactView) Any() bool { return !c.Contact.IsZero() }

// ShowContact prepares a contact for a page.
func ShowContact(c models.Contact) ContactView {
	v := ContactView{Contact: c}
	var b strings.Builder
	for i, r := range c.Phone {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		v.TelURL = template.URL("tel:" + b.String()) // #nosec: digits and a leading + only
	}
	return v
}

// MapURL is an OpenStreetMap search for an address, "" without one: a
// plain https link, so that the page loads no map script and tells no
// third party anything until the reader follows it.
func MapURL(address string) string {
	address = strings.Join(strings.Fields(address), " ")
	if address == "" {
		return ""
	}
	return "https://www.openstreetmap.org/search?query=" + url.QueryEscape(address)
}
