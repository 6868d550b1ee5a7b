package models

import "testing"

func TestCertificateCodeRoundTrip(t *testing.T) {
	secret := []byte("secret")
	code := CertificateCode(secret, "signup-1")
	if len(code) != CertificateCodeLen || code != CertificateCode(secret, "signup-1") {
		t.Fatalf("code %q not stable or of the wrong length", code)
	}
	if code == CertificateCode(secret, "signup-2") || code == CertificateCode([]byte("other"), "signup-1") {
		t.Fatal("codes of different signups or secrets agree")
	}
	for _, typed := range []string{code, GroupCertificateCode(code), " " + GroupCertificateCode(code) + " "} {
		if got, ok := ParseCertificateCode(typed); !ok || got != code {
			t.Fatalf("ParseCertificateCode(%q) = %q, %v; want %q", typed, got, ok, code)
		}
	}
	if got, ok := ParseCertificateCode("abcde-fghjo"); !ok || got != "ABCDEFGHJ0" {
		t.Fatalf("lower case and O: %q, %v", got, ok)
	}
	for _, bad := range []string{"", "ABCDE", "ABCDEFGHJKM", "ABCDEFGHJU", "ABCDE/FGHJ"} {
		if _, ok := ParseCertificateCode(bad); ok {
			t.Fatalf("ParseCertificateCode(%q) accepted", bad)
		}
	}
}

func TestNormaliseName(t *testing.T) {
	for in, want := range map[string]string{
		"  Zoë   Ñúñez ":                    "zoë ñúñez",
		"Zoe\u0308 N\u0303u\u0301n\u0303ez": "zoë ñúñez",
		"ＡＮＡ":                               "ana",
		"STRASSE Straße":                    "strasse strasse",
		"محمد\tعلي":                         "محمد علي",
	} {
		if got := NormaliseName(in); got != want {
			t.Errorf("NormaliseName(%q) = %q, want %q", in, got, want)
		}
	}
}
