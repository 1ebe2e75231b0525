package scanner

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

func init() {
	expectations["acm"] = expectation{
		records: func(a *awssim.Account, r *awssim.Region) int { return len(acmCertificates(a, r)) },
		paged:   []string{"ACM/ListCertificates"},
	}
}

// acmCertificates are a region's certificates: its own, and in us-east-1
// also CloudFront's.
func acmCertificates(a *awssim.Account, r *awssim.Region) []acmtypes.CertificateDetail {
	if r.Name == spec.GlobalRegion {
		return append(append([]acmtypes.CertificateDetail{}, a.Global.Certificates...), r.Certificates...)
	}
	return r.Certificates
}

// ACM is regional: each region's certificates are documented in its unit,
// and us-east-1's include CloudFront's.
func TestACMIsRegional(t *testing.T) {
	estate := testEstate()
	a := estate.Accounts[0]
	for _, region := range testRegions {
		sim := awssim.New(estate, awssim.Options{PageSize: 2})
		res := scanWith(t, testRunner(), sim, region, "acm")
		recs := recordsOf(res, "acm")
		want := acmCertificates(a, a.Region(region))
		if len(recs) != len(want) || len(want) == 0 {
			t.Fatalf("%s: %d certificates, want %d", region, len(recs), len(want))
		}
		for _, rec := range recs {
			if rec.Region != region {
				t.Errorf("%s: certificate %s recorded in %s", region, rec.ID, rec.Region)
			}
		}
		for _, c := range sim.Calls() {
			if c.Region != region {
				t.Errorf("%s: %s %s called in %s", region, c.Service, c.Operation, c.Region)
			}
		}
	}
	if len(a.Region(testRegion).Certificates) == 0 || len(a.Global.Certificates) == 0 {
		t.Fatal("the test estate lacks regional or CloudFront certificates")
	}
}

// Certificates of every key type are documented, not only the RSA-2048
// ones ListCertificates returns by default.
func TestACMListsEveryKeyType(t *testing.T) {
	estate := testEstate()
	res := scanWith(t, testRunner(), awssim.New(estate, awssim.Options{PageSize: 2}), spec.GlobalRegion, "acm")
	byARN := map[string]string{}
	for _, rec := range recordsOf(res, "acm") {
		byARN[rec.ARN] = rec.Columns["Domain name"]
		if rec.Tags["Name"] != rec.Name {
			t.Errorf("certificate %s: tags %v", rec.ID, rec.Tags)
		}
	}
	keyTypes := map[acmtypes.KeyAlgorithm]bool{}
	a := estate.Accounts[0]
	for _, c := range acmCertificates(a, a.Region(spec.GlobalRegion)) {
		keyTypes[c.KeyAlgorithm] = true
		if got := byARN[aws.ToString(c.CertificateArn)]; got != aws.ToString(c.DomainName) {
			t.Errorf("%s (%s): domain %q, want %q", aws.ToString(c.CertificateArn), c.KeyAlgorithm, got, aws.ToString(c.DomainName))
		}
	}
	if !keyTypes[acmtypes.KeyAlgorithmEcPrime256v1] || !keyTypes[acmtypes.KeyAlgorithmRsa4096] {
		t.Errorf("the test estate lacks the key types the default filter hides: %v", keyTypes)
	}
}
