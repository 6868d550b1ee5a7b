package models

import "sort"

// Text is multilingual text keyed by BCP 47 base language ("en", "pl").
type Text map[string]string

// Pick returns the text in the first of langs that has it, else in any
// language (the alphabetically first, so the choice is stable), else "".
// Callers pass the reader's language, then the organisation's default.
func (t Text) Pick(langs ...string) string {
	for _, l := range langs {
		if s, ok := t[l]; ok && s != "" {
			return s
		}
	}
	keys := make([]string, 0, len(t))
	for k, v := range t {
		if v != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return ""
	}
	sort.Strings(keys)
	return t[keys[0]]
}
