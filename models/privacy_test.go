package models

import (
	"strings"
	"testing"
)

func TestMaskEmail(t *testing.T) {
	for in, want := range map[string]string{
		"olena.kovalenko@example.org": "o***@example.org",
		"Ö@example.org":               "Ö***@example.org",
		"émilie@exemple.fr":           "é***@exemple.fr",
		"олена.коваленко@приклад.укр": "о***@приклад.укр",
		"x@y":                           "x***@y",
		"not an address":                "***",
		"@example.org":                  "***",
		"trailing@":                     "***",
		"x@" + strings.Repeat("д", 300): "x***@" + strings.Repeat("д", 126) + "…",
	} {
		if got := MaskEmail(in); got != want {
			t.Errorf("MaskEmail(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskEmails(t *testing.T) {
	for in, want := range map[string]string{
		"550 5.1.1 <olena@example.org>: Recipient refused":                    "550 5.1.1 <o***@example.org>: Recipient refused",
		"E11000 dup key: { active_key: \"a1|Ahmed.K+tag@mail.example.com\" }": "E11000 dup key: { active_key: \"a***@mail.example.com\" }",
		"two: a@b.org, c.d@e.co.uk":                                           "two: a***@b.org, c***@e.co.uk",
		"no address here, just @ a sign":                                      "no address here, just @ a sign",
		"550 <олена.коваленко@приклад.укр> refused":                           "550 <о***@приклад.укр> refused",
		"to émilie.dubois@exemple.fr.":                                        "to é***@exemple.fr.",
		"decomposed e\u0301milie@exemple.fr":                                  "decomposed e***@exemple.fr",
		"quoted \"john doe\"@example.org here":                                "quoted \"***@example.org here",
		"rfc o'brien/x=y{z}@example.org":                                      "rfc o***@example.org",
		"arabic أمل@مثال.مصر":                                                 "arabic أ***@مثال.مصر",
		"message id <6b15@localhost> kept":                                    "message id <6b15@localhost> kept",
	} {
		if got := MaskEmails(in); got != want {
			t.Errorf("MaskEmails(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}
