package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("elasticache", scanElastiCache)
}

// elastiCachePageSize is the most DescribeCacheClusters and
// DescribeCacheSubnetGroups return per page.
const elastiCachePageSize = 100

// scanElastiCache: one record per cache cluster (a Redis or Valkey
// replication group shows as its member clusters, as the console's
// cluster list does). Tags are one call per cluster; the network placement
// comes from the cache subnet groups, listed once for the unit.
func scanElastiCache(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := elasticache.NewFromConfig(s.cfg)
	var clusters []ectypes.CacheCluster
	p := elasticache.NewDescribeCacheClustersPaginator(client, &elasticache.DescribeCacheClustersInput{MaxRecords: aws.Int32(elastiCachePageSize)})
	if err := eachPage(ctx, "list cache clusters", p.HasMorePages, p.NextPage, func(out *elasticache.DescribeCacheClustersOutput) {
		clusters = append(clusters, out.CacheClusters...)
	}); err != nil {
		return nil, err
	}
	if len(clusters) == 0 {
		return nil, nil
	}

	// The subnet groups only place the clusters on the network diagram:
	// when they cannot be read (a scanner role deployed before it was
	// granted elasticache:DescribeCacheSubnetGroups, most often), the
	// clusters are still documented, without a Net, and the coverage
	// (partial) and the log say why.
	groups, err := read(ctx, s, func(ctx context.Context) (map[string]ectypes.CacheSubnetGroup, error) {
		return cacheSubnetGroups(ctx, client)
	})
	if err != nil {
		return nil, err
	}

	tags, err := detailEach(ctx, s, clusters, func(ctx context.Context, c ectypes.CacheCluster) (map[string]string, error) {
		out, err := client.ListTagsForResource(ctx, &elasticache.ListTagsForResourceInput{ResourceName: c.ARN})
		if err != nil {
			return nil, fail(err, "list tags of cache cluster "+aws.ToString(c.CacheClusterId))
		}
		return tagsOf(out.TagList, func(t ectypes.Tag) (*string, *string) { return t.Key, t.Value }), nil
	})
	if err != nil {
		return nil, err
	}

	recs := make([]inventory.Record, 0, len(clusters))
	for i, c := range clusters {
		id := aws.ToString(c.CacheClusterId)
		rec := s.record(id, aws.ToString(c.ARN), id, tags[i].val, columns{
			"Cluster ID":     id,
			"Engine":         aws.ToString(c.Engine),
			"Engine Version": aws.ToString(c.EngineVersion),
			"Node Type":      aws.ToString(c.CacheNodeType),
			"Num Nodes":      num(c.NumCacheNodes),
			"Status":         aws.ToString(c.CacheClusterStatus),
		})
		if g, ok := groups.val[aws.ToString(c.CacheSubnetGroupName)]; ok {
			rec.Net = cacheNet(c, g)
		}
		recs = append(recs, rec)
	}
	return recs, nil
}

// cacheSubnetGroups returns the region's cache subnet groups by name.
func cacheSubnetGroups(ctx context.Context, client *elasticache.Client) (map[string]ectypes.CacheSubnetGroup, error) {
	groups := map[string]ectypes.CacheSubnetGroup{}
	p := elasticache.NewDescribeCacheSubnetGroupsPaginator(client, &elasticache.DescribeCacheSubnetGroupsInput{MaxRecords: aws.Int32(elastiCachePageSize)})
	err := eachPage(ctx, "list cache subnet groups", p.HasMorePages, p.NextPage, func(out *elasticache.DescribeCacheSubnetGroupsOutput) {
		for _, g := range out.CacheSubnetGroups {
			groups[aws.ToString(g.CacheSubnetGroupName)] = g
		}
	})
	if err != nil {
		return nil, err
	}
	return groups, nil
}

// cacheNet places a cluster in its subnet group's VPC and subnets, and in
// its zone unless its nodes are spread over several ("Multiple").
func cacheNet(c ectypes.CacheCluster, g ectypes.CacheSubnetGroup) *inventory.Net {
	net := inventory.Net{VPC: aws.ToString(g.VpcId)}
	for _, sn := range g.Subnets {
		net.Subnets = append(net.Subnets, aws.ToString(sn.SubnetIdentifier))
	}
	if az := aws.ToString(c.PreferredAvailabilityZone); az != "Multiple" {
		net.AZ = az
	}
	return placed(net)
}
