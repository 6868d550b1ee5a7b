package public

import (
	"html/template"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/handlers/routes"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// The certificate of participation, as the attendee prints it from their
// manage page: in their language and the organisation's side by side, each
// column marked with its own language and direction, so that Arabic next
// to Polish prints right. The browser prints (A4, the print stylesheet);
// no server-side PDF library, which could not shape Arabic.

// certificateColumn is the certificate's text in one language.
type certificateColumn struct {
	Lang, Dir string
	Heading   string
	Intro     string
	TookPart  string
	Title     httpx.LText
	DatesHead string
	Dates     []string
	HoursHead string
	Hours     string
	OrgHead   string
	Signer    template.HTML // the organisation's name isolated (<bdi>)
	Issued    template.HTML
	CodeHead  string
	VerifyAt  string
}

type certificatePage struct {
	httpx.Layout
	Token string
	// Message says why there is no certificate (Columns is then empty).
	Message   string
	Columns   []certificateColumn
	Name      string
	Org       string
	Code      string
	VerifyURL string
	QR        template.HTML
}

// pageCertificate shows the certificate of a manage token's signup,
// issuing it on the first view, or why there is none. The first column is
// in the attendee's language, or in the one the reader picked (?lang=);
// the second in the organisation's default language, when it differs.
func (s *Server) pageCertificate(c *fiber.Ctx) error {
	token := c.Params("token")
	v, err := s.Reg.CertificateByToken(c.UserContext(), token)
	if err != nil {
		return err
	}
	p := certificatePage{Layout: s.LayoutFor(c, s.T(c, "certificate.title", nil), manageURL(token)+"/certificate"),
		Token: token}
	p.NoIndex = true
	if v.Missing != "" {
		p.Message = s.T(c, "certificate.missing_"+v.Missing, nil)
		return s.Render(c, fiber.StatusOK, "certificate", p)
	}
	first := v.Language
	if c.Query("lang") != "" || !models.IsSupportedLanguage(first) {
		first = httpx.Lang(c)
	}
	langs := []string{first}
	if d := v.Organisation.DefaultLanguage; d != "" && d != first && models.IsSupportedLanguage(d) {
		langs = append(langs, d)
	}
	p.Name, p.Org, p.Code = v.Name, v.Organisation.Name, models.GroupCertificateCode(v.Code)
	p.VerifyURL = s.Config.BaseURL + models.LinkTemplate(routes.VerifyPath).With(v.Code)
	for _, l := range langs {
		p.Columns = append(p.Columns, s.certificateColumn(l, v, p.VerifyURL))
	}
	if p.QR, err = web.QRSVG(p.VerifyURL, s.T(c, "certificate.qr_label", nil)); err != nil {
		return err
	}
	return s.Render(c, fiber.StatusOK, "certificate", p)
}

// certificateColumn is the certificate's text in lang.
func (s *Server) certificateColumn(lang string, v *registration.CertificateView, verifyURL string) certificateColumn {
	cat, cert := s.Catalog, &v.Certificate
	t := func(key string, data map[string]any) string { return cat.T(lang, key, data) }
	col := certificateColumn{Lang: lang, Dir: web.Dir(lang),
		Heading: t("certificate.heading", nil), Intro: t("certificate.intro", nil),
		TookPart: t("certificate.took_part", nil), Title: httpx.Pick(cert.Title, lang, cert.Language),
		DatesHead: t("certificate.dates", nil), HoursHead: t("certificate.hours", nil),
		Hours: cat.Hours(lang, cert.Minutes), OrgHead: t("certificate.organisation", nil),
		Signer:   cat.TIsolated(lang, "certificate.signer", map[string]any{"Organisation": cert.OrganisationName}),
		Issued:   cat.TIsolated(lang, "certificate.issued", map[string]any{"Date": cat.Date(lang, cert.IssuedAt, cert.Timezone)}),
		CodeHead: t("certificate.code", nil), VerifyAt: t("certificate.verify_at", nil)}
	for _, se := range cert.Sessions {
		col.Dates = append(col.Dates, cat.Span(lang, se.StartsAt, se.EndsAt, cert.Timezone))
	}
	return col
}
