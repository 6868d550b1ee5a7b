package registration

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func TestZZStorm(t *testing.T) {

	s, st := newSignupService(t)
	a := seedActivity(t, st, func(a *models.Activity) { a.Capacity = 25; a.MaxPartySize = 3 })
	var wg sync.WaitGroup
	start := time.Now()
	var mu sync.Mutex
	errs := 0
	for i := range 300 {

		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			_, err := s.SignUp(ctx, a.ID, "", input(fmt.Sprintf("s%d@example.org", i), 1+i%3))
			if err != nil {
				mu.Lock()
				errs++
				if errs < 5 {
					t.Log(err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	t.Logf("%v, %d errors", time.Since(start), errs)
	checkSeats(t, st, a.ID)
}
