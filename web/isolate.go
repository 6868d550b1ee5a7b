package web

import (
	htmltemplate "html/template"
	"strings"
)

// Names, titles, venues and links embedded in a translated sentence keep
// their own direction: in an Arabic email a Latin title followed by
// punctuation would otherwise pull the punctuation to the wrong side
// (the Unicode bidirectional algorithm joins neighbouring runs). TIsolated
// wraps every placeholder value in <bdi>, which HTML mail clients honour
// like dir="auto".

// Private-use characters mark where a value starts and ends while the
// sentence is translated and escaped; they never reach the reader.
const (
	isolateStart = "\ue000"
	isolateEnd   = "\ue001"
)

var dropMarks = strings.NewReplacer(isolateStart, "", isolateEnd, "")

// TIsolated translates key like T, as HTML, with each string value of
// data isolated in <bdi>. The sentence and the values are escaped once.
func (c *Catalog) TIsolated(lang, key string, data map[string]any) htmltemplate.HTML {
	marked := make(map[string]any, len(data))
	for k, v := range data {
		if s, ok := v.(string); ok && s != "" {
			v = isolateStart + dropMarks.Replace(s) + isolateEnd
		}
		marked[k] = v
	}
	s := htmltemplate.HTMLEscapeString(c.T(lang, key, marked))
	s = strings.NewReplacer(isolateStart, "<bdi>", isolateEnd, "</bdi>").Replace(s)
	return htmltemplate.HTML(s) // #nosec: every part escaped above
}
