package scanner

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

func init() {
	expectations["cloudfront"] = expectation{
		records: func(a *awssim.Account, _ *awssim.Region) int { return len(a.Global.Distributions) },
		paged:   []string{"CloudFront/ListDistributions"},
	}
}

func TestCloudFrontValues(t *testing.T) {
	estate := testEstate()
	recs := scanOne(t, awssim.New(estate, awssim.Options{PageSize: 2}), "cloudfront")
	var cases []columnCase
	for _, d := range estate.Accounts[0].Global.Distributions {
		id := aws.ToString(d.Id)
		var origins, policies []string
		for _, o := range d.Origins.Items {
			origins = append(origins, aws.ToString(o.DomainName))
			if o.CustomOriginConfig != nil {
				policies = append(policies, string(o.CustomOriginConfig.OriginProtocolPolicy))
			} else {
				policies = append(policies, "match-viewer (S3 origin)")
			}
		}
		cases = append(cases,
			columnCase{"domain of " + id, id, "Domain Name", aws.ToString(d.DomainName)},
			columnCase{"aliases of " + id, id, "CNAME", dash(strings.Join(d.Aliases.Items, ", "))},
			columnCase{"origins of " + id, id, "Origin Domain Name", strings.Join(origins, ", ")},
			columnCase{"origin policies of " + id, id, "Origin Protocol Policy", strings.Join(policies, ", ")},
			columnCase{"viewer policy of " + id, id, "Viewer Protocol Policy", string(d.DefaultCacheBehavior.ViewerProtocolPolicy)},
			columnCase{"cached methods of " + id, id, "Cached HTTP Methods", "GET, HEAD"},
		)
	}
	first := estate.Accounts[0].Global.Distributions[0]
	cases = append(cases, columnCase{"all methods", aws.ToString(first.Id), "Allowed HTTP Methods", "GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE"})
	checkColumns(t, recs, cases)
	for _, rec := range recs {
		if rec.Tags["Environment"] == "" || rec.Name != rec.Tags["Name"] || !strings.HasPrefix(rec.ARN, "arn:aws:cloudfront::") {
			t.Errorf("distribution %s: name %q arn %q tags %v", rec.ID, rec.Name, rec.ARN, rec.Tags)
		}
	}
}
