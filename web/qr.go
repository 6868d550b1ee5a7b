package web

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"strings"

	goqr "github.com/piglig/go-qr"
)

// QR codes carry check-in addresses (a confirmed signup's /c/ link) in
// the confirmation email and on the manage page, for any phone camera to
// open. Medium error correction survives a scratched screen or a creased
// printout; 8 pixels a module and the standard 4-module quiet zone read
// well from a phone held at arm's length.
const (
	qrScale  = 8
	qrBorder = 4
)

// QRPNG is text as a QR code in a PNG image.
func QRPNG(text string) ([]byte, error) {
	q, err := goqr.EncodeText(text, goqr.Medium)
	if err != nil {
		return nil, fmt.Errorf("web: QR code: %w", err)
	}
	return q.ToPNGBytes(goqr.NewQrCodeImgConfig(qrScale, qrBorder))
}

// QRDataURI is QRPNG as a data: address, for an <img> of a page that must
// not need a second request (the page's Content-Security-Policy allows
// data: images).
func QRDataURI(text string) (template.URL, error) {
	png, err := QRPNG(text)
	if err != nil {
		return "", err
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)), nil
}

// QRSVG is a QR code of text as an inline SVG image named label (its
// accessible name), for the certificate's link to its verification page.
// SVG rather than PNG: printed pages stay sharp at any size, and an
// inline image needs no extra request or data: address.
func QRSVG(text, label string) (template.HTML, error) {
	q, err := goqr.EncodeText(text, goqr.Medium)
	if err != nil {
		return "", fmt.Errorf("web: QR code: %w", err)
	}
	var path strings.Builder
	for y := range q.Size() {
		for x := range q.Size() {
			if q.Module(x, y) {
				fmt.Fprintf(&path, "M%d %dh1v1h-1z", x+qrBorder, y+qrBorder)
			}
		}
	}
	n := q.Size() + 2*qrBorder // with the quiet zone readers need
	return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges" class="qr"><rect width="%d" height="%d" fill="#fff"/><path d="%s" fill="#000"/></svg>`,
		n, n, template.HTMLEscapeString(label), n, n, path.String())), nil // #nosec G203 -- built here from numbers and an escaped label
}
