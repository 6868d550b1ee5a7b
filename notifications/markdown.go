package notifications

import (
	"bytes"
	"html"
	htmltemplate "html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"github.com/agora-events/agora/models"
)

// BodyRenderer turns an organiser's text into the HTML of an email, and
// of the console's preview of it, so that the preview shows what the
// emails will. It never passes raw HTML through: plain text is escaped,
// and Markdown is rendered by goldmark without its unsafe option, which
// drops raw HTML and dangerous link schemes (javascript: and the like).
// It is safe for concurrent use.
type BodyRenderer struct {
	md goldmark.Markdown
}

// NewBodyRenderer returns the renderer of organisers' message bodies.
func NewBodyRenderer() *BodyRenderer {
	return &BodyRenderer{md: goldmark.New(
		goldmark.WithExtensions(extension.Linkify, extension.Strikethrough),
		goldmark.WithRendererOptions(gmhtml.WithHardWraps()),
	)}
}

// HTML renders body written in format (models.FormatText or
// models.FormatMarkdown).
func (b *BodyRenderer) HTML(format, body string) (htmltemplate.HTML, error) {
	if format != models.FormatMarkdown {
		return plainToHTML(body), nil
	}
	var buf bytes.Buffer
	if err := b.md.Convert([]byte(body), &buf); err != nil {
		return "", err
	}
	// goldmark's output without WithUnsafe contains no raw HTML from the
	// input, so it may be trusted as HTML.
	return htmltemplate.HTML(buf.String()), nil //nolint:gosec // see above
}

// plainToHTML escapes text and keeps its paragraphs and line breaks.
func plainToHTML(s string) htmltemplate.HTML {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out strings.Builder
	for _, para := range strings.Split(s, "\n\n") {
		para = strings.Trim(para, "\n")
		if para == "" {
			continue
		}
		out.WriteString("<p>")
		out.WriteString(strings.ReplaceAll(html.EscapeString(para), "\n", "<br>\n"))
		out.WriteString("</p>\n")
	}
	return htmltemplate.HTML(out.String()) //nolint:gosec // escaped above
}
