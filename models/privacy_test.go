package models

import "testing"

func TestMaskEmail(t *testing.T) {
	for in, want := range map[string]string{
		"olena.kovalenko@example.org": "o***@example.org",
		"Ö@example.org":               "Ö***@example.org",
		"x@y":                         "x***@y",
		"not an address":              "***",
		"@example.org":                "***",
		"trailing@":                   "***",
	} {
		if got := MaskEmail(in); got != want {
			t.Errorf("MaskEmail(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskEmails(t *testing.T) {
	for in, want := range map[string]string{
		"550 5.1.1 <olena@example.org>: Recipient refused":                    "550 5.1.1 <o***@example.org>: Recipient refused",
		"E11000 dup key: { active_key: \"a1|Ahmed.K+tag@mail.example.com\" }": "E11000 dup key: { active_key: \"a1|A***@mail.example.com\" }",
		"two: a@b.org, c.d@e.co.uk":                                           "two: a***@b.org, c***@e.co.uk",
		"no address here, just @ a sign":                                      "no address here, just @ a sign",
	} {
		if got := MaskEmails(in); got != want {
			t.Errorf("MaskEmails(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}
