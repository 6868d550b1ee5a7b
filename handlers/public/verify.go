package public

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/handlers/routes"
	"github.com/agora-events/agora/models"
)

// The verification page, where a certificate's QR code leads: anyone
// holding the certificate types the name as printed and learns whether it
// is valid. The name is posted, never put in the address, so that it stays
// out of logs and browser history; the answer is the page itself.

// verifyMaxName bounds the name typed, as the API does.
const verifyMaxName = 500

type verifyPage struct {
	httpx.Layout
	Code   string
	Form   httpx.Form
	Result string // "valid", "invalid" or ""
	// What the certificate certifies, when valid.
	Title httpx.LText
	Dates []string
	Hours string
	Org   string
}

// pageVerify shows the form that asks for the name.
func (s *Server) pageVerify(c *fiber.Ctx) error {
	return s.renderVerify(c, fiber.StatusOK, "", "", nil)
}

// pageVerifyPost checks the code and the name typed and shows the answer,
// valid or not, with the form again. A wrong code and a wrong name get
// the same answer.
func (s *Server) pageVerifyPost(c *fiber.Ctx) error {
	name := c.FormValue("name")
	if err := s.limited(c, s.SignupLimit); err != nil {
		return s.renderVerify(c, fiber.StatusTooManyRequests, name, "", err)
	}
	if models.NormaliseName(name) == "" || len(name) > verifyMaxName {
		return s.renderVerify(c, fiber.StatusUnprocessableEntity, name, "", nil)
	}
	cert, err := s.Reg.VerifyCertificate(c.UserContext(), c.Params("token"), name)
	if models.IsCode(err, models.ErrNotFound) {
		return s.renderVerify(c, fiber.StatusOK, name, "invalid", nil)
	}
	if err != nil {
		return err
	}
	p := s.verifyPage(c, name, "valid", nil)
	lang := httpx.Lang(c)
	p.Title, p.Org = httpx.Pick(cert.Title, lang, cert.Language), cert.OrganisationName
	p.Hours = s.Catalog.Hours(lang, cert.Minutes)
	for _, se := range cert.Sessions {
		p.Dates = append(p.Dates, s.Catalog.Span(lang, se.StartsAt, se.EndsAt, cert.Timezone))
	}
	return s.Render(c, fiber.StatusOK, "verify", p)
}

func (s *Server) renderVerify(c *fiber.Ctx, status int, name, result string, pageErr *models.Error) error {
	return s.Render(c, status, "verify", s.verifyPage(c, name, result, pageErr))
}

// verifyPage builds the page: the form (with the name typed, and its
// error when it was empty or too long) and the result.
func (s *Server) verifyPage(c *fiber.Ctx, name, result string, pageErr *models.Error) verifyPage {
	code := c.Params("token")
	shown := code
	if parsed, ok := models.ParseCertificateCode(code); ok {
		shown = models.GroupCertificateCode(parsed)
	}
	path := models.LinkTemplate(routes.VerifyPath).With(code)
	p := verifyPage{Layout: s.LayoutFor(c, s.T(c, "verify.title", nil), path), Code: shown, Result: result}
	p.NoIndex = true
	field := httpx.Field{ID: "name", Name: "name", Type: "text", Label: s.T(c, "verify.name", nil),
		Hint: s.T(c, "verify.name_hint", nil), Required: true, Value: name, Autocomplete: "off",
		MaxLength: verifyMaxName, DescribedBy: "name-hint"}
	posted := c.Method() == fiber.MethodPost
	if posted && pageErr == nil && (models.NormaliseName(name) == "" || len(name) > verifyMaxName) {
		field.Error, field.DescribedBy = s.T(c, "verify.name_missing", nil), "name-hint name-error"
		p.Form.Errors = []httpx.ErrorLink{{Text: field.Error, Href: "#name"}}
	}
	if pageErr != nil {
		p.Form.Errors = []httpx.ErrorLink{{Text: s.T(c, "error."+pageErr.Code, nil)}}
	}
	p.HasErrors = len(p.Form.Errors) > 0
	p.Form.Action, p.Form.Fields, p.Form.Submit = path, []httpx.Field{field}, s.T(c, "verify.submit", nil)
	return p
}
