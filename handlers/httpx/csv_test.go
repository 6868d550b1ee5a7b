package httpx

import (
	"slices"
	"testing"
)

func TestNeutraliseCSV(t *testing.T) {
	in := []string{"=1+1", "+48 600", "-2", "@SUM(A1)", "\tx", "\rx", "plain", "", "a=b"}
	want := []string{"'=1+1", "'+48 600", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain", "", "a=b"}
	if got := NeutraliseCSV(slices.Clone(in)); !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}
