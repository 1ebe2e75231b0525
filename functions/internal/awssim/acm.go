package awssim

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
)

// ACM is regional: each region answers its own certificates, and
// us-east-1 also the account's global ones (where CloudFront takes its
// certificates from). ListCertificates filters as
// AWS does by default: only RSA_1024 and RSA_2048 keys, only AWS-managed
// and customer-provided key pairs, unless the request asks for others.
func init() {
	handle("ACM", "ListCertificates", func(r *Request, in *acm.ListCertificatesInput) (*acm.ListCertificatesOutput, error) {
		keyTypes := []acmtypes.KeyAlgorithm{acmtypes.KeyAlgorithmRsa1024, acmtypes.KeyAlgorithmRsa2048}
		if in.Includes != nil && len(in.Includes.KeyTypes) > 0 {
			keyTypes = in.Includes.KeyTypes
		}
		origins := in.CertificateKeyPairOrigins
		if len(origins) == 0 {
			origins = []acmtypes.CertificateKeyPairOrigin{acmtypes.CertificateKeyPairOriginAwsManaged, acmtypes.CertificateKeyPairOriginCustomerProvided}
		}
		var items []acmtypes.CertificateSummary
		for _, c := range certificates(r) {
			if !slices.Contains(keyTypes, c.KeyAlgorithm) || !slices.Contains(origins, c.CertificateKeyPairOrigin) ||
				(len(in.CertificateStatuses) > 0 && !slices.Contains(in.CertificateStatuses, c.Status)) {
				continue
			}
			items = append(items, acmtypes.CertificateSummary{
				CertificateArn: c.CertificateArn, DomainName: c.DomainName, SubjectAlternativeNameSummaries: c.SubjectAlternativeNames,
				Status: c.Status, Type: c.Type, KeyAlgorithm: c.KeyAlgorithm, CertificateKeyPairOrigin: c.CertificateKeyPairOrigin,
				CreatedAt: c.CreatedAt, InUse: aws.Bool(len(c.InUseBy) > 0), RenewalEligibility: c.RenewalEligibility,
			})
		}
		items, next, err := page(r, items, in.NextToken, limitOf(in.MaxItems, 1000))
		return &acm.ListCertificatesOutput{CertificateSummaryList: items, NextToken: next}, err
	})
	handle("ACM", "ListTagsForCertificate", func(r *Request, in *acm.ListTagsForCertificateInput) (*acm.ListTagsForCertificateOutput, error) {
		arn := aws.ToString(in.CertificateArn)
		for _, c := range certificates(r) {
			if aws.ToString(c.CertificateArn) == arn {
				tags, ok := r.Region.TagsByARN[arn]
				if !ok {
					tags = r.Account.Global.TagsByARN[arn]
				}
				return &acm.ListTagsForCertificateOutput{Tags: tagList(tags,
					func(k, v *string) acmtypes.Tag { return acmtypes.Tag{Key: k, Value: v} })}, nil
			}
		}
		return nil, APIError(400, "ResourceNotFoundException", "Could not find certificate %s.", arn)
	})
}

// certificates are the account's certificates in the call's region.
func certificates(r *Request) []acmtypes.CertificateDetail {
	if r.RegionName != "us-east-1" {
		return r.Region.Certificates
	}
	return slices.Concat(r.Account.Global.Certificates, r.Region.Certificates)
}
