package web

// OccurrenceStatus is the status of one date of a series signup in lang,
// as emails and pages write it (one wording everywhere): a signup's
// status, with the place on the waiting list when known (position > 0),
// a cancelled date as skipped, and the statuses of a date without a
// signup (full, already_registered, none).
func (c *Catalog) OccurrenceStatus(lang, status string, position int) string {
	switch status {
	case "waitlisted":
		if position > 0 {
			return c.T(lang, "series.status.waitlisted_at", map[string]any{"Position": c.Number(lang, position)})
		}
		return c.T(lang, "status.waitlisted", nil)
	case "confirmed", "attended", "no_show":
		return c.T(lang, "status."+status, nil)
	case "cancelled":
		return c.T(lang, "series.status.skipped", nil)
	case "full", "already_registered":
		return c.T(lang, "series.status."+status, nil)
	}
	return c.T(lang, "series.status.none", nil)
}
