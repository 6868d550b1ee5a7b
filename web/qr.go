package web

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync"

	goqr "github.com/piglig/go-qr"
)

// QR codes carry check-in addresses (a confirmed signup's /c/ link) in
// the confirmation email and on the manage page, for any phone camera to
// open. Medium error correction survives a scratched screen or a creased
// printout; 5 pixels a module (about 240 px, the size pages and emails show it at) and the standard 4-module quiet zone read
// well from a phone held at arm's length.
const (
	qrScale  = 5
	qrBorder = 4
)

// QRPNG is text as a QR code in a PNG image. It is drawn here as a
// two-colour paletted image rather than by the library's RGBA renderer: a
// confirmation email is rendered in its signup's transaction, and the
// paletted image encodes several times faster.
func QRPNG(text string) ([]byte, error) {
	q, err := goqr.EncodeText(text, goqr.Medium)
	if err != nil {
		return nil, fmt.Errorf("web: QR code: %w", err)
	}
	side := (q.Size() + 2*qrBorder) * qrScale
	img := image.NewPaletted(image.Rect(0, 0, side, side), color.Palette{color.White, color.Black})
	for y := range q.Size() {
		for x := range q.Size() {
			if !q.Module(x, y) {
				continue
			}
			x0, y0 := (x+qrBorder)*qrScale, (y+qrBorder)*qrScale
			for dy := range qrScale {
				row := img.Pix[(y0+dy)*img.Stride+x0:]
				for dx := range qrScale {
					row[dx] = 1
				}
			}
		}
	}
	var out bytes.Buffer
	if err := qrEncoder.Encode(&out, img); err != nil {
		return nil, fmt.Errorf("web: QR code: %w", err)
	}
	return out.Bytes(), nil
}

// qrEncoder keeps its compressor between images: allocating one costs
// more than encoding a QR code.
var qrEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &pngBuffers{}}

// pngBuffers is a png.EncoderBufferPool over a sync.Pool.
type pngBuffers struct{ pool sync.Pool }

func (p *pngBuffers) Get() *png.EncoderBuffer {
	b, _ := p.pool.Get().(*png.EncoderBuffer)
	return b
}

func (p *pngBuffers) Put(b *png.EncoderBuffer) { p.pool.Put(b) }

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
