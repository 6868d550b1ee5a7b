//go:build !faultinject

package registration

// faultPoint marks a point between two steps of a multi-document change.
// In normal builds it does nothing and costs nothing; builds with the
// faultinject tag (the crash test's) may kill the process there.
func faultPoint(string) {}
