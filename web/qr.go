package web

import (
	"encoding/base64"
	"fmt"
	"html/template"

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
