package awssim

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

// Route 53 is global. ListHostedZones pages with Marker and MaxItems (at
// most 100); ListTagsForResources takes at most 10 zone ids, without the
// "/hostedzone/" prefix.
func init() {
	handle("Route 53", "ListHostedZones", func(r *Request, in *route53.ListHostedZonesInput) (*route53.ListHostedZonesOutput, error) {
		limit := limitOf(in.MaxItems, 100)
		if limit > 100 {
			return nil, APIError(400, "InvalidInput", "MaxItems must be at most 100")
		}
		zones := make([]r53types.HostedZone, 0, len(r.Account.Global.HostedZones))
		for _, z := range r.Account.Global.HostedZones {
			zones = append(zones, z.Zone)
		}
		items, next, err := page(r, zones, in.Marker, limit)
		return &route53.ListHostedZonesOutput{
			HostedZones: items, Marker: in.Marker, MaxItems: aws.Int32(int32(limit)), IsTruncated: next != nil, NextMarker: next,
		}, err
	})
	handle("Route 53", "ListTagsForResources", func(r *Request, in *route53.ListTagsForResourcesInput) (*route53.ListTagsForResourcesOutput, error) {
		if in.ResourceType != r53types.TagResourceTypeHostedzone {
			return nil, APIError(400, "InvalidInput", "awssim knows only hosted zone tags, not %q", in.ResourceType)
		}
		if len(in.ResourceIds) == 0 || len(in.ResourceIds) > 10 {
			return nil, APIError(400, "InvalidInput", "ResourceIds must name 1 to 10 resources, not %d", len(in.ResourceIds))
		}
		out := &route53.ListTagsForResourcesOutput{}
		for _, id := range in.ResourceIds {
			z := hostedZone(r, id)
			if z == nil {
				return nil, APIError(404, "NoSuchHostedZone", "No hosted zone found with ID: %s", id)
			}
			out.ResourceTagSets = append(out.ResourceTagSets, r53types.ResourceTagSet{
				ResourceId: aws.String(id), ResourceType: r53types.TagResourceTypeHostedzone, Tags: z.Tags,
			})
		}
		return out, nil
	})
}

// hostedZone finds a zone by its bare id.
func hostedZone(r *Request, id string) *HostedZone {
	for i, z := range r.Account.Global.HostedZones {
		if strings.TrimPrefix(aws.ToString(z.Zone.Id), "/hostedzone/") == id {
			return &r.Account.Global.HostedZones[i]
		}
	}
	return nil
}
