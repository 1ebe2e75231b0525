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

// elastiCachePageSize is the most DescribeCacheClusters returns per page.
const elastiCachePageSize = 100

// scanElastiCache: one record per cache cluster (a Redis or Valkey
// replication group shows as its member clusters, as the console's
// cluster list does). Tags are one call per cluster.
func scanElastiCache(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := elasticache.NewFromConfig(s.cfg)
	var clusters []ectypes.CacheCluster
	p := elasticache.NewDescribeCacheClustersPaginator(client, &elasticache.DescribeCacheClustersInput{MaxRecords: aws.Int32(elastiCachePageSize)})
	if err := eachPage(ctx, "list cache clusters", p.HasMorePages, p.NextPage, func(out *elasticache.DescribeCacheClustersOutput) {
		clusters = append(clusters, out.CacheClusters...)
	}); err != nil {
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
		recs = append(recs, s.record(id, aws.ToString(c.ARN), id, tags[i], columns{
			"Cluster ID":     id,
			"Engine":         aws.ToString(c.Engine),
			"Engine Version": aws.ToString(c.EngineVersion),
			"Node Type":      aws.ToString(c.CacheNodeType),
			"Num Nodes":      num(c.NumCacheNodes),
			"Status":         aws.ToString(c.CacheClusterStatus),
		}))
	}
	return recs, nil
}
