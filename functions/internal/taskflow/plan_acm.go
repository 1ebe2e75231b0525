package taskflow

import (
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// cloudFrontCertificates is the unit that reads ACM in us-east-1, where
// CloudFront takes its certificates from, when the task scans CloudFront
// and ACM but its regions leave us-east-1 out. ACM is regional (spec.go):
// without this unit, the certificates of the account's distributions
// would go undocumented. It scans ACM alone; its records carry us-east-1.
func cloudFrontCertificates(t *domain.Task, credentialID, account string) (inventory.Unit, bool) {
	wants := func(k string) bool { return len(t.Services) == 0 || slices.Contains(t.Services, k) }
	if !wants("acm") || !wants("cloudfront") || slices.Contains(t.Regions, spec.GlobalRegion) {
		return inventory.Unit{}, false
	}
	return inventory.Unit{TaskID: t.ID, CredentialID: credentialID, AccountID: account, Region: spec.GlobalRegion,
		Services: []string{"acm"}}, true
}
