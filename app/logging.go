package main

import (
	"context"
	"log/slog"
	"strings"

	"github.com/agora-events/agora/models"
)

// maskingHandler masks every email address in a log record — message,
// attributes, errors — before the real handler writes it. Log lines name
// people by id; this is the safety net for the ones that name them by
// accident, such as an SMTP server's error quoting the recipient, or a
// driver error quoting a duplicate key.
type maskingHandler struct{ next slog.Handler }

func (h maskingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h maskingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, models.MaskEmails(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(maskAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h maskingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	masked := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		masked[i] = maskAttr(a)
	}
	return maskingHandler{h.next.WithAttrs(masked)}
}

func (h maskingHandler) WithGroup(name string) slog.Handler {
	return maskingHandler{h.next.WithGroup(name)}
}

// maskAttr masks the addresses in an attribute's value, whatever its kind:
// strings and errors (the usual carriers) are masked as text, groups
// attribute by attribute, and anything else whose printed form holds an
// address becomes that form, masked.
func maskAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, models.MaskEmails(v.String()))
	case slog.KindGroup:
		group := v.Group()
		masked := make([]any, len(group))
		for i, g := range group {
			masked[i] = maskAttr(g)
		}
		return slog.Group(a.Key, masked...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, models.MaskEmails(err.Error()))
		}
		if s := v.String(); strings.Contains(s, "@") {
			return slog.String(a.Key, models.MaskEmails(s))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
