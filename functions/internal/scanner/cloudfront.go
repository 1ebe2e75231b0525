package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("cloudfront", scanCloudFront)
}

// cloudFrontPageSize is the most CloudFront's list calls return per page.
const cloudFrontPageSize = 100

// scanCloudFront: one record per distribution. The origin columns list
// every origin, in the distribution's order; the protocol and method
// columns are the default cache behaviour's. A distribution whose tags
// cannot be read is listed without them (partial), named by its alias.
func scanCloudFront(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := cloudfront.NewFromConfig(s.cfg)
	var dists []cftypes.DistributionSummary
	p := cloudfront.NewListDistributionsPaginator(client, &cloudfront.ListDistributionsInput{MaxItems: aws.Int32(cloudFrontPageSize)})
	if err := eachPage(ctx, "list distributions", p.HasMorePages, p.NextPage, func(out *cloudfront.ListDistributionsOutput) {
		if out.DistributionList != nil {
			dists = append(dists, out.DistributionList.Items...)
		}
	}); err != nil {
		return nil, err
	}
	tags, err := detailEach(ctx, s, dists, func(ctx context.Context, d cftypes.DistributionSummary) (map[string]string, error) {
		out, err := client.ListTagsForResource(ctx, &cloudfront.ListTagsForResourceInput{Resource: d.ARN})
		if err != nil {
			return nil, fail(err, "list tags of distribution "+aws.ToString(d.Id))
		}
		if out.Tags == nil {
			return nil, nil
		}
		return tagsOf(out.Tags.Items, func(t cftypes.Tag) (*string, *string) { return t.Key, t.Value }), nil
	})
	if err != nil {
		return nil, err
	}
	recs := make([]inventory.Record, 0, len(dists))
	for i, d := range dists {
		recs = append(recs, distributionRecord(s, d, tags[i].val))
	}
	return recs, nil
}

func distributionRecord(s *session, d cftypes.DistributionSummary, tags map[string]string) inventory.Record {
	id := aws.ToString(d.Id)
	var origins, policies []string
	if d.Origins != nil {
		for _, o := range d.Origins.Items {
			origins = append(origins, aws.ToString(o.DomainName))
			policies = append(policies, originProtocol(o))
		}
	}
	var viewer string
	var allowed, cached []string
	if b := d.DefaultCacheBehavior; b != nil {
		viewer = string(b.ViewerProtocolPolicy)
		if b.AllowedMethods != nil {
			allowed = methodNames(b.AllowedMethods.Items)
			if b.AllowedMethods.CachedMethods != nil {
				cached = methodNames(b.AllowedMethods.CachedMethods.Items)
			}
		}
	}
	aliases := distributionAliases(d)
	name := id
	if len(aliases) > 0 {
		name = aliases[0]
	}
	return s.record(id, aws.ToString(d.ARN), nameTag(tags, name), tags, columns{
		"CloudFront ID":          id,
		"Domain Name":            aws.ToString(d.DomainName),
		"CNAME":                  list(aliases),
		"Origin Domain Name":     list(origins),
		"Origin Protocol Policy": list(policies),
		"Viewer Protocol Policy": viewer,
		"Allowed HTTP Methods":   list(allowed),
		"Cached HTTP Methods":    list(cached),
	})
}

// originProtocol is how CloudFront connects to an origin. Only custom
// origins have a protocol policy; to an S3 REST origin CloudFront uses the
// viewer's protocol, and a VPC origin's policy is on the VPC origin itself.
func originProtocol(o cftypes.Origin) string {
	switch {
	case o.CustomOriginConfig != nil:
		return string(o.CustomOriginConfig.OriginProtocolPolicy)
	case o.S3OriginConfig != nil:
		return "match-viewer (S3 origin)"
	case o.VpcOriginConfig != nil:
		return "VPC origin " + aws.ToString(o.VpcOriginConfig.VpcOriginId)
	}
	return "unknown"
}

// distributionAliases are a distribution's alternate domain names (CNAMEs).
func distributionAliases(d cftypes.DistributionSummary) []string {
	if d.Aliases == nil {
		return nil
	}
	return d.Aliases.Items
}

func methodNames(ms []cftypes.Method) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = string(m)
	}
	return out
}
