// Package routes holds the addresses of the service that are handed out
// in emails and in use-case answers. They live apart from the audiences
// that serve them because other audiences and package main hand them out
// too (the API's manage_url, the console's invitation email), and test
// support builds registration with them without importing a server.
package routes

import (
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// The routes that emails and use-case answers link to; public and console
// register their routes with them.
const (
	// ManagePath is an attendee's page for their signup.
	ManagePath = "/signups/" + models.LinkToken
	// CalendarPath is the calendar file of an attendee's signup, which
	// their manage page offers.
	CalendarPath = ManagePath + "/calendar.ics"
	// VerifyPath is the public page that checks a certificate of
	// participation, which the certificate's QR code leads to.
	VerifyPath = "/verify/" + models.LinkToken
	// InvitationPath is where a new staff member chooses a password.
	InvitationPath = "/staff/invitations/" + models.LinkToken
	// CheckInPath is what a confirmed signup's QR code opens: staff of
	// its organisation check the person in there.
	CheckInPath = "/c/" + models.LinkToken
)

// Links are the link templates registration builds addresses from: the
// routes above joined to the service's public base URL.
func Links(baseURL string) registration.Links {
	return registration.Links{
		Manage:     models.LinkTemplate(baseURL + ManagePath),
		Invitation: models.LinkTemplate(baseURL + InvitationPath),
		CheckIn:    models.LinkTemplate(baseURL + CheckInPath),
	}
}
