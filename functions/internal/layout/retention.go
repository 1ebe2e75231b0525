package layout

import "time"

// Retention is how long the buckets keep what they hold. The CDK's
// lifecycle rules read it from the contract and the API reads it here, so
// the stack removing a task's results and the API saying they are gone
// agree on one number.
type Retention struct {
	// ResultsDays: unit results, unit files and a task's diagram, under
	// tasks/ in the results bucket, from when they were written.
	ResultsDays int `json:"resultsDays"`
	// UploadsDays: a network diagram uploaded by the console, under
	// uploads/, whether or not a task copied it.
	UploadsDays int `json:"uploadsDays"`
	// TemplatesDays: a published scanner role template, under templates/
	// (its link works for an hour).
	TemplatesDays int `json:"templatesDays"`
	// DeletedReportsDays: a deleted or replaced document stays recoverable
	// as a noncurrent version of the versioned reports bucket this long,
	// then is gone for good.
	DeletedReportsDays int `json:"deletedReportsDays"`
	// ExportsDays: an inventory or audit export under exports/ (its link
	// works for ten minutes; the job can be started again).
	ExportsDays int `json:"exportsDays"`
}

// Retain is the product's retention policy.
var Retain = Retention{ResultsDays: 365, UploadsDays: 1, TemplatesDays: 1, DeletedReportsDays: 30, ExportsDays: 1}

// ResultsExpireAt is when S3 removes results written at written: the
// number of days added to the object's creation time, rounded up to the
// next midnight UTC, as S3 lifecycle expiration computes it. A task's
// results are written until it ends, so its last result expires at
// ResultsExpireAt(endedAt).
func (r Retention) ResultsExpireAt(written time.Time) time.Time {
	return nextMidnight(written.UTC().AddDate(0, 0, r.ResultsDays))
}

func nextMidnight(t time.Time) time.Time {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	if day.Equal(t) {
		return day
	}
	return day.AddDate(0, 0, 1)
}
