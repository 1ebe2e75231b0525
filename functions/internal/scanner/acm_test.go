package scanner

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

func init() {
	expectations["acm"] = expectation{
		records: func(a *awssim.Account, _ *awssim.Region) int { return len(a.Global.Certificates) },
		paged:   []string{"ACM/ListCertificates"},
	}
}

// Certificates of every key type are documented, not only the RSA-2048
// ones ListCertificates returns by default.
func TestACMListsEveryKeyType(t *testing.T) {
	estate := testEstate()
	recs := scanOne(t, awssim.New(estate, awssim.Options{PageSize: 2}), "acm")
	byARN := map[string]string{}
	for _, rec := range recs {
		byARN[rec.ARN] = rec.Columns["Domain name"]
		if rec.Tags["Name"] != rec.Name {
			t.Errorf("certificate %s: tags %v", rec.ID, rec.Tags)
		}
	}
	keyTypes := map[acmtypes.KeyAlgorithm]bool{}
	for _, c := range estate.Accounts[0].Global.Certificates {
		keyTypes[c.KeyAlgorithm] = true
		if got := byARN[aws.ToString(c.CertificateArn)]; got != aws.ToString(c.DomainName) {
			t.Errorf("%s (%s): domain %q, want %q", aws.ToString(c.CertificateArn), c.KeyAlgorithm, got, aws.ToString(c.DomainName))
		}
	}
	if !keyTypes[acmtypes.KeyAlgorithmEcPrime256v1] || !keyTypes[acmtypes.KeyAlgorithmRsa4096] {
		t.Errorf("the test estate lacks the key types the default filter hides: %v", keyTypes)
	}
}
