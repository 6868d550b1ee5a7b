package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/agora-events/agora/bench/internal/load"
	"github.com/agora-events/agora/models"
)

// rawSend sends n messages, the samples' contents in turn, with go-mail
// alone over conc kept connections, and returns messages per second and
// bytes per message at the sink.
func rawSend(ctx context.Context, sk *load.Sink, samples []models.OutboxEmail, n, conc int) (float64, int64, error) {
	host, port, _ := strings.Cut(sk.Addr, ":")
	p, err := strconv.Atoi(port)
	if err != nil {
		return 0, 0, err
	}
	before, beforeBytes := sk.Received.Load(), sk.Bytes.Load()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, conc)
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := mail.NewClient(host, mail.WithPort(p), mail.WithTLSPolicy(mail.NoTLS))
			if err == nil {
				err = c.DialWithContext(ctx)
			}
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			for i := w; i < n; i += conc {
				sample := &samples[i%len(samples)]
				m := mail.NewMsg(mail.WithNoDefaultUserAgent())
				m.SetCharset(mail.CharsetUTF8)
				if err := m.From("Agora <no-reply@agora.example.org>"); err != nil {
					errs <- err
					return
				}
				if err := m.AddToFormat(sample.ToName, fmt.Sprintf("raw%d@example.org", i)); err != nil {
					errs <- err
					return
				}
				m.Subject(sample.Subject)
				m.SetMessageIDWithValue(models.NewID() + "@agora.example.org")
				m.SetDate()
				m.SetGenHeader(mail.HeaderContentLang, sample.Language)
				m.SetGenHeader("Auto-Submitted", "auto-generated")
				m.SetBulk()
				m.SetBodyString(mail.TypeTextPlain, sample.Text)
				m.AddAlternativeString(mail.TypeTextHTML, sample.HTML)
				if err := c.Send(m); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return 0, 0, err
	}
	elapsed := time.Since(start)
	got := sk.Received.Load() - before
	if got != int64(n) {
		return 0, 0, fmt.Errorf("raw: sink received %d, want %d", got, n)
	}
	return float64(n) / elapsed.Seconds(), (sk.Bytes.Load() - beforeBytes) / got, nil
}
