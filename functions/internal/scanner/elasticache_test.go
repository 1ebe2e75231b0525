package scanner

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

func init() {
	expectations["elasticache"] = expectation{
		records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.CacheClusters) },
		paged:   []string{"ElastiCache/DescribeCacheClusters", "ElastiCache/DescribeCacheSubnetGroups"},
	}
}

func TestElastiCacheValues(t *testing.T) {
	estate := testEstate()
	r := estate.Accounts[0].Region(testRegion)
	recs := scanOne(t, awssim.New(estate, awssim.Options{PageSize: 2}), "elasticache")
	var cases []columnCase
	for _, c := range r.CacheClusters {
		id := aws.ToString(c.CacheClusterId)
		cases = append(cases,
			columnCase{"engine of " + id, id, "Engine", aws.ToString(c.Engine)},
			columnCase{"nodes of " + id, id, "Num Nodes", num(c.NumCacheNodes)},
			columnCase{"status of " + id, id, "Status", aws.ToString(c.CacheClusterStatus)},
		)
	}
	checkColumns(t, recs, cases)
	for _, rec := range recs {
		if rec.Tags["Name"] != rec.ID || rec.ARN == "" {
			t.Errorf("cluster %s: tags %v arn %q, want its tags from ListTagsForResource", rec.ID, rec.Tags, rec.ARN)
		}
	}
}
