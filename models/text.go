package models

// Text is multilingual text keyed by BCP 47 base language ("en", "pl").
// Which translation a reader sees is decided in one place, web.Pick, for
// pages, emails and calendar files alike.
type Text map[string]string
