package models

import "testing"

func TestLinkTemplate(t *testing.T) {
	manage := LinkTemplate("https://agora.example.org/signups/" + LinkToken)
	if !manage.HasToken() {
		t.Fatal("HasToken = false for a template with the placeholder")
	}
	if got, want := manage.With("abc-_123"), "https://agora.example.org/signups/abc-_123"; got != want {
		t.Fatalf("With = %q, want %q", got, want)
	}
	if got, want := manage.With("a/b?c"), "https://agora.example.org/signups/a%2Fb%3Fc"; got != want {
		t.Fatalf("With left the token unescaped: %q, want %q", got, want)
	}
	if LinkTemplate("https://agora.example.org/signups/").HasToken() {
		t.Fatal("HasToken = true for a template without the placeholder")
	}
}
