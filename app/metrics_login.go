package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/agora-events/agora/registration"
)

// registerLoginMetrics adds agora_password_checks_total to reg: the argon2
// checks of logins, each holding 19 MiB and a CPU for tens of
// milliseconds. It grows by one per login let through the failed-login
// limit and the concurrency bound; a burst of refused logins leaves it
// still.
func registerLoginMetrics(reg prometheus.Registerer, svc *registration.Service) {
	reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "agora_password_checks_total",
		Help: "Argon2 password checks run by login attempts since the process started."},
		func() float64 { return float64(svc.PasswordChecks()) }))
}
