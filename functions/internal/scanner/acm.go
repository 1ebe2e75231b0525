package scanner

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("acm", scanACM)
}

// acmPageSize is the most ListCertificates returns per page.
const acmPageSize = 1000

// scanACM: one record per certificate of the unit's region (ACM is
// regional: CloudFront's certificates are us-east-1's, which the plan
// scans whenever CloudFront is, see spec.go). ListCertificates returns
// only RSA-2048 and RSA-1024 keys of AWS-managed or imported key pairs
// unless asked for more, so the scanner asks for every key type and key
// pair origin. A certificate whose tags cannot be read is listed without
// them (partial).
func scanACM(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := acm.NewFromConfig(s.cfg)
	var certs []acmtypes.CertificateSummary
	p := acm.NewListCertificatesPaginator(client, &acm.ListCertificatesInput{
		MaxItems:                  aws.Int32(acmPageSize),
		Includes:                  &acmtypes.Filters{KeyTypes: acmtypes.KeyAlgorithm("").Values()},
		CertificateKeyPairOrigins: acmtypes.CertificateKeyPairOrigin("").Values(),
	})
	if err := eachPage(ctx, "list certificates", p.HasMorePages, p.NextPage, func(out *acm.ListCertificatesOutput) {
		certs = append(certs, out.CertificateSummaryList...)
	}); err != nil {
		return nil, err
	}
	tags, err := detailEach(ctx, s, certs, func(ctx context.Context, c acmtypes.CertificateSummary) (map[string]string, error) {
		out, err := client.ListTagsForCertificate(ctx, &acm.ListTagsForCertificateInput{CertificateArn: c.CertificateArn})
		if err != nil {
			return nil, fail(err, "list tags of certificate "+aws.ToString(c.CertificateArn))
		}
		return tagsOf(out.Tags, func(t acmtypes.Tag) (*string, *string) { return t.Key, t.Value }), nil
	})
	if err != nil {
		return nil, err
	}
	recs := make([]inventory.Record, 0, len(certs))
	for i, c := range certs {
		arn, domain := aws.ToString(c.CertificateArn), aws.ToString(c.DomainName)
		id := arn[strings.LastIndex(arn, "/")+1:]
		recs = append(recs, s.record(id, arn, domain, tags[i].val, columns{"Domain name": domain}))
	}
	return recs, nil
}
