package load

import "fmt"

// AtLeast prints whether got reaches target, as PASS or MISS. Missing a
// target is a result, not a failure: the bench still exits 0.
func AtLeast(name string, got, target float64) {
	fmt.Printf("%-4s %s: %.3f (target ≥ %.2f)\n", verdict(got >= target), name, got, target)
}

// AtMost prints whether got stays within target, as PASS or MISS.
func AtMost(name string, got, target float64, unit string) {
	fmt.Printf("%-4s %s: %.3f%s (target ≤ %.2f%s)\n", verdict(got <= target), name, got, unit, target, unit)
}

// Below prints whether got stays under target, as PASS or MISS.
func Below(name string, got, target float64, unit string) {
	fmt.Printf("%-4s %s: %.3f%s (target < %.2f%s)\n", verdict(got < target), name, got, unit, target, unit)
}

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "MISS"
}
