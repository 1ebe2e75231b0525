package scanner

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("route53", scanRoute53)
}

const (
	// route53PageSize is the most ListHostedZones returns per page.
	route53PageSize = 100
	// route53TagBatch is the most zones ListTagsForResources takes at once.
	route53TagBatch = 10
)

// scanRoute53: one row per hosted zone; the record count is the zone's
// own ResourceRecordSetCount, so no zone's records are listed. Tags are
// read ten zones per call.
func scanRoute53(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := route53.NewFromConfig(s.cfg)
	var zones []r53types.HostedZone
	p := route53.NewListHostedZonesPaginator(client, &route53.ListHostedZonesInput{MaxItems: aws.Int32(route53PageSize)})
	if err := eachPage(ctx, "list hosted zones", p.HasMorePages, p.NextPage, func(out *route53.ListHostedZonesOutput) {
		zones = append(zones, out.HostedZones...)
	}); err != nil {
		return nil, err
	}
	ids := make([]string, len(zones))
	for i, z := range zones {
		ids[i] = zoneID(z)
	}
	batches := slices.Collect(slices.Chunk(ids, route53TagBatch))
	sets, err := detailEach(ctx, s, batches, func(ctx context.Context, ids []string) ([]r53types.ResourceTagSet, error) {
		out, err := client.ListTagsForResources(ctx, &route53.ListTagsForResourcesInput{
			ResourceType: r53types.TagResourceTypeHostedzone, ResourceIds: ids,
		})
		if err != nil {
			return nil, fail(err, "list tags of hosted zones "+strings.Join(ids, ","))
		}
		return out.ResourceTagSets, nil
	})
	if err != nil {
		return nil, err
	}
	tags := map[string]map[string]string{}
	for _, batch := range sets { // a batch whose tags cannot be read leaves its zones without (partial)
		for _, set := range batch.val {
			tags[aws.ToString(set.ResourceId)] = tagsOf(set.Tags, func(t r53types.Tag) (*string, *string) { return t.Key, t.Value })
		}
	}

	recs := make([]inventory.Record, 0, len(zones))
	for _, z := range zones {
		id, name := zoneID(z), strings.TrimSuffix(aws.ToString(z.Name), ".")
		kind := "Public"
		if z.Config != nil && z.Config.PrivateZone {
			kind = "Private"
		}
		recs = append(recs, s.record(id, "arn:aws:route53:::hostedzone/"+id, name, tags[id], columns{
			"Zone ID": id, "Name": name, "Type": kind, "Record Count": num(z.ResourceRecordSetCount),
		}))
	}
	return recs, nil
}

// zoneID is a zone's id without the "/hostedzone/" prefix.
func zoneID(z r53types.HostedZone) string {
	return strings.TrimPrefix(aws.ToString(z.Id), "/hostedzone/")
}
