package models

import (
	"net/url"
	"strings"
)

// LinkTemplate is an absolute address that leads to one page of Agora,
// with the placeholder LinkToken where a token goes, such as
// "https://agora.example.org/signups/:token". The HTTP layer owns its
// routes: it hands its route patterns, joined to the public address, to
// the use cases and the emails, which fill in tokens and never write a
// path themselves.
type LinkTemplate string

// LinkToken is the placeholder of a LinkTemplate. It is the HTTP layer's
// own route parameter, so that a route's pattern is its link's template.
const LinkToken = ":token"

// With is the address for token. The token is path-escaped, although the
// tokens Agora issues (base64url) need no escaping.
func (t LinkTemplate) With(token string) string {
	return strings.Replace(string(t), LinkToken, url.PathEscape(token), 1)
}

// HasToken reports whether the template has its placeholder; a template
// without it would give everyone the same address.
func (t LinkTemplate) HasToken() bool {
	return strings.Contains(string(t), LinkToken)
}
