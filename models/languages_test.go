package models

import "testing"

// TestLanguagesIsACopy checks that no caller can change the supported
// languages through the slice it is given.
func TestLanguagesIsACopy(t *testing.T) {
	l := Languages()
	l[0] = "xx"
	if Languages()[0] != DefaultLanguage || IsSupportedLanguage("xx") {
		t.Fatal("Languages hands out its own list")
	}
}
