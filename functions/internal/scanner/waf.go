package scanner

import (
	"context"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("waf", scanWAF)
}

// wafPageSize is the most WAFv2's list calls return per page.
const wafPageSize = 100

// webACLDetail is what the detail calls of one web ACL tell.
type webACLDetail struct {
	rules     int
	protected []string // distributions, "EDFDVBD6EXAMPLE (www.example.com)"
	tags      map[string]string
}

// scanWAF: one row per WAFv2 web ACL of CLOUDFRONT scope (the spec scopes
// WAF globally; REGIONAL web ACLs are out of its scope). The rule count
// comes from GetWebACL. WAF's ListResourcesForWebACL does not serve
// CloudFront, so the associated resources are the distributions CloudFront
// lists for the web ACL (ListDistributionsByWebACLId with its ARN).
func scanWAF(ctx context.Context, s *session) ([]inventory.Record, error) {
	client, cf := wafv2.NewFromConfig(s.cfg), cloudfront.NewFromConfig(s.cfg)
	var acls []waftypes.WebACLSummary
	err := eachToken(ctx, "list web ACLs", func(ctx context.Context, token *string) (*string, error) {
		out, err := client.ListWebACLs(ctx, &wafv2.ListWebACLsInput{
			Scope: waftypes.ScopeCloudfront, Limit: aws.Int32(wafPageSize), NextMarker: token,
		})
		if err != nil {
			return nil, err
		}
		acls = append(acls, out.WebACLs...)
		return out.NextMarker, nil
	})
	if err != nil {
		return nil, err
	}
	details, err := detailEach(ctx, s, acls, func(ctx context.Context, a waftypes.WebACLSummary) (webACLDetail, error) {
		return describeWebACL(ctx, client, cf, a)
	})
	if err != nil {
		return nil, err
	}
	recs := make([]inventory.Record, 0, len(acls))
	for i, a := range acls {
		name, d := aws.ToString(a.Name), details[i]
		recs = append(recs, s.record(aws.ToString(a.Id), aws.ToString(a.ARN), name, d.tags, columns{
			"WebACL Name":          name,
			"Scope":                string(waftypes.ScopeCloudfront),
			"Rules Count":          strconv.Itoa(d.rules),
			"Associated Resources": list(d.protected),
		}))
	}
	return recs, nil
}

// describeWebACL reads a web ACL's rules, the distributions it protects
// and its tags.
func describeWebACL(ctx context.Context, client *wafv2.Client, cf *cloudfront.Client, a waftypes.WebACLSummary) (webACLDetail, error) {
	var d webACLDetail
	out, err := client.GetWebACL(ctx, &wafv2.GetWebACLInput{Name: a.Name, Id: a.Id, Scope: waftypes.ScopeCloudfront})
	if err != nil {
		return d, fail(err, "read web ACL "+aws.ToString(a.Name))
	}
	if out.WebACL != nil {
		d.rules = len(out.WebACL.Rules)
	}
	err = eachToken(ctx, "list distributions of web ACL "+aws.ToString(a.Name), func(ctx context.Context, token *string) (*string, error) {
		out, err := cf.ListDistributionsByWebACLId(ctx, &cloudfront.ListDistributionsByWebACLIdInput{
			WebACLId: a.ARN, Marker: token, MaxItems: aws.Int32(cloudFrontPageSize),
		})
		if err != nil || out.DistributionList == nil {
			return nil, err
		}
		for _, dist := range out.DistributionList.Items {
			label := aws.ToString(dist.DomainName)
			if aliases := distributionAliases(dist); len(aliases) > 0 {
				label = aliases[0]
			}
			d.protected = append(d.protected, withDetail(aws.ToString(dist.Id), label))
		}
		if !aws.ToBool(out.DistributionList.IsTruncated) {
			return nil, nil
		}
		return out.DistributionList.NextMarker, nil
	})
	if err != nil {
		return d, err
	}
	var all []waftypes.Tag // WAF pages a resource's tags
	err = eachToken(ctx, "list tags of web ACL "+aws.ToString(a.Name), func(ctx context.Context, token *string) (*string, error) {
		out, err := client.ListTagsForResource(ctx, &wafv2.ListTagsForResourceInput{ResourceARN: a.ARN, NextMarker: token, Limit: aws.Int32(wafPageSize)})
		if err != nil {
			return nil, err
		}
		if out.TagInfoForResource != nil {
			all = append(all, out.TagInfoForResource.TagList...)
		}
		return out.NextMarker, nil
	})
	d.tags = tagsOf(all, func(t waftypes.Tag) (*string, *string) { return t.Key, t.Value })
	return d, err
}
