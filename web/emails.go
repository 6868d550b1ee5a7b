package web

import "embed"

// Emails holds the email templates: html/<kind>.tmpl and text/<kind>.tmpl
// for each kind, plus html/layout.tmpl and text/layout.tmpl that frame
// them. Package notifications parses them once at start-up.
//
//go:embed emails/html/*.tmpl emails/text/*.tmpl
var Emails embed.FS
