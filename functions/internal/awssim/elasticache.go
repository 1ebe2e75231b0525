package awssim

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// ElastiCache pages like RDS; tags are a separate call per cluster ARN;
// the clusters' VPC and subnets are in their cache subnet groups.
func init() {
	handle("ElastiCache", "DescribeCacheClusters", func(r *Request, in *elasticache.DescribeCacheClustersInput) (*elasticache.DescribeCacheClustersOutput, error) {
		limit, err := maxRecords(r, in.MaxRecords)
		if err != nil {
			return nil, err
		}
		items := r.Region.CacheClusters
		if id := aws.ToString(in.CacheClusterId); id != "" {
			items = selected(items, []string{id}, func(c ectypes.CacheCluster) *string { return c.CacheClusterId })
			if len(items) == 0 {
				return nil, APIError(404, "CacheClusterNotFound", "CacheCluster not found: %s", id)
			}
		}
		items, next, err := page(r, items, in.Marker, limit)
		return &elasticache.DescribeCacheClustersOutput{CacheClusters: items, Marker: next}, err
	})
	handle("ElastiCache", "DescribeCacheSubnetGroups", func(r *Request, in *elasticache.DescribeCacheSubnetGroupsInput) (*elasticache.DescribeCacheSubnetGroupsOutput, error) {
		limit, err := maxRecords(r, in.MaxRecords)
		if err != nil {
			return nil, err
		}
		items := r.Region.CacheSubnetGroups
		if name := aws.ToString(in.CacheSubnetGroupName); name != "" {
			items = selected(items, []string{name}, func(g ectypes.CacheSubnetGroup) *string { return g.CacheSubnetGroupName })
			if len(items) == 0 {
				return nil, APIError(404, "CacheSubnetGroupNotFoundFault", "Cache subnet group %s not found.", name)
			}
		}
		items, next, err := page(r, items, in.Marker, limit)
		return &elasticache.DescribeCacheSubnetGroupsOutput{CacheSubnetGroups: items, Marker: next}, err
	})
	handle("ElastiCache", "ListTagsForResource", func(r *Request, in *elasticache.ListTagsForResourceInput) (*elasticache.ListTagsForResourceOutput, error) {
		arn := aws.ToString(in.ResourceName)
		for _, c := range r.Region.CacheClusters {
			if aws.ToString(c.ARN) == arn {
				return &elasticache.ListTagsForResourceOutput{TagList: r.Region.CacheTags[arn]}, nil
			}
		}
		return nil, APIError(404, "CacheClusterNotFound", "CacheCluster not found: %s", arn)
	})
}
