package registration

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/agora-events/agora/models"
)

// Limits of what an attendee may type, generous for real names and short
// enough that nobody stores a novel in a signup.
const (
	maxNameLen   = 200
	maxEmailLen  = 254
	maxPhoneLen  = 40
	maxAnswerLen = 2000
)

// SignupInput is what an attendee sends to sign up. PartySize has no
// default here: callers fill in 1 when the attendee gave none.
type SignupInput struct {
	Name      string
	Email     string
	Phone     string
	PartySize int
	Language  string
	Answers   map[string]any
	Consent   bool
}

// normalise trims what the attendee typed and cleans the texts kept
// (models.CleanText): a NUL or a bidirectional override in a name or an
// answer is dropped, never stored. Line breaks stay for validate to judge:
// a name refuses them (it goes into mail headers), a text answer keeps
// them. The email is not cleaned: an address with a control character is
// refused as it is.
func (in *SignupInput) normalise() {
	in.Name = strings.TrimSpace(models.CleanText(in.Name))
	in.Email = strings.TrimSpace(in.Email)
	in.Phone = strings.TrimSpace(models.CleanText(in.Phone))
	in.Language = strings.TrimSpace(in.Language)
	for k, v := range in.Answers {
		if s, ok := v.(string); ok {
			in.Answers[k] = strings.TrimSpace(models.CleanText(s))
		}
	}
}

// validate checks the input against the activity's rules (party size,
// questions); every problem is reported at once, keyed by JSON path.
func (in *SignupInput) validate(a *models.Activity) error { return in.check(a, false) }

// check is validate for the attendee (byStaff false) or for staff who add
// an attendee at the door or on the phone: they may leave the email out
// (not everyone has one), ask for no consent (they record it themselves)
// and skip required questions (nobody can make a walk-in fill them); the
// rest holds for both, a choice answer among the options included.
func (in *SignupInput) check(a *models.Activity, byStaff bool) error {
	fields := map[string]models.FieldError{}
	bad := func(path, key, param string) { fields[path] = models.FieldError{Key: key, Param: param} }

	switch {
	case in.Name == "":
		bad("name", "required", "")
	case utf8.RuneCountInString(in.Name) > maxNameLen:
		bad("name", "max_length", strconv.Itoa(maxNameLen))
	case signupTextHasControl(in.Name):
		bad("name", "invalid", "")
	}
	switch {
	case in.Email == "" && byStaff:
	case in.Email == "":
		bad("email", "required", "")
	case !validSignupEmail(in.Email):
		bad("email", "email", "")
	}
	if in.Phone != "" && !validSignupPhone(in.Phone) {
		bad("phone", "phone", "")
	}
	maxParty := max(a.MaxPartySize, 1)
	switch {
	case in.PartySize < 1:
		bad("party_size", "min", "1")
	case in.PartySize > maxParty:
		bad("party_size", "max", strconv.Itoa(maxParty))
	}
	switch {
	case in.Language == "":
		bad("language", "required", "")
	case !models.IsSupportedLanguage(in.Language):
		bad("language", "oneof", strings.Join(models.Languages(), ", "))
	}
	if !in.Consent && !byStaff {
		bad("consent", "accepted", "")
	}
	validateAnswers(a.Questions, in.Answers, !byStaff, bad)
	if len(fields) > 0 {
		return models.Invalid(fields)
	}
	return nil
}

// validateAnswers checks answers against the activity's questions: every
// required one answered (when requireAll), each of the right type,
// choices among the options, and nothing that was not asked.
func validateAnswers(questions []models.Question, answers map[string]any, requireAll bool, bad func(path, key, param string)) {
	asked := make(map[string]bool, len(questions))
	for _, q := range questions {
		asked[q.ID] = true
		path := "answers." + q.ID
		v, given := answers[q.ID]
		if !given || v == nil || v == "" {
			if q.Required && requireAll {
				bad(path, "required", "")
			}
			continue
		}
		switch q.Type {
		case models.QuestionBoolean:
			if _, ok := v.(bool); !ok {
				bad(path, "boolean", "")
			}
		case models.QuestionChoice:
			// Answers carry the option's id (a plain option's id is its
			// text), whatever language the form was shown in.
			s, ok := v.(string)
			if _, known := q.Option(s); !ok || !known {
				bad(path, "oneof", strings.Join(q.OptionIDs(), ", "))
			}
		default:
			s, ok := v.(string)
			switch {
			case !ok:
				bad(path, "string", "")
			case utf8.RuneCountInString(s) > maxAnswerLen:
				bad(path, "max_length", strconv.Itoa(maxAnswerLen))
			}
		}
	}
	for id := range answers {
		if !asked[id] {
			bad("answers."+id, "unknown", "")
		}
	}
}

// answersToStore keeps only the answers that were given, so an empty
// optional answer is not stored as one.
func answersToStore(answers map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range answers {
		if v != nil && v != "" {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// validSignupEmail accepts a bare address (no display name) that goes safely
// into a mail header.
func validSignupEmail(s string) bool {
	if len(s) > maxEmailLen || signupTextHasControl(s) || strings.ContainsAny(s, " <>") {
		return false
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.HasSuffix(s, ".")
}

// validSignupPhone accepts the ways people write phone numbers: digits with
// spaces, dots, dashes, slashes, parentheses and a leading plus.
func validSignupPhone(s string) bool {
	if len(s) > maxPhoneLen {
		return false
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, strings.ContainsRune(" .-/()", r):
		default:
			return false
		}
	}
	return digits >= 3
}

func signupTextHasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

// personKey is the key by which reports count distinct people: an
// HMAC of the lower-cased email under the service's secret, so that the
// stored key, kept after erasure, cannot be matched against a list of
// addresses by anyone without the secret. No email, no key.
func (s *Service) personKey(email string) string {
	if email == "" {
		return ""
	}
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("person|" + strings.ToLower(email)))
	return hex.EncodeToString(m.Sum(nil))
}

// activeKey is the value of models.Signup.ActiveKey for an active signup
// with an email; a signup without one (added by staff) keys on its own
// id, so that it blocks no other signup.
func activeKey(activityID, email string) string {
	return fmt.Sprintf("%s|%s", activityID, strings.ToLower(email))
}

// pendingSignup is a new signup of the person in for activity a, pending
// until placed at now: every way in (the public form, staff, a series
// date) builds it here, so that each gets its active key and person key
// alike. A signup without an email keys on its own id, so that it blocks
// nobody.
func (s *Service) pendingSignup(id string, a *models.Activity, in SignupInput, answers map[string]any, source, tokenHash string, now time.Time) *models.Signup {
	key := id
	if in.Email != "" {
		key = activeKey(a.ID, in.Email)
	}
	return &models.Signup{
		ID: id, ActivityID: a.ID, OrganisationID: a.OrganisationID,
		Name: in.Name, Email: in.Email, Phone: in.Phone, PartySize: in.PartySize, Language: in.Language,
		Answers: answers, Status: models.SignupPending, Source: source,
		ActiveKey: key, ManageTokenHash: tokenHash, PersonKey: s.personKey(in.Email),
		ConsentAt: now, CreatedAt: now, UpdatedAt: now,
	}
}
