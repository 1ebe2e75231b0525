package scanner

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("rds", scanRDS) }

// rdsPageSize is the most DescribeDBInstances returns per page.
const rdsPageSize = 100

// scanRDS: one record per DB instance, all from DescribeDBInstances (tags
// included). Aurora instances report a placeholder allocated storage of
// 1 GiB: their storage is the cluster volume, and the record says so.
func scanRDS(ctx context.Context, s *session) ([]inventory.Record, error) {
	var recs []inventory.Record
	p := rds.NewDescribeDBInstancesPaginator(rds.NewFromConfig(s.cfg), &rds.DescribeDBInstancesInput{MaxRecords: aws.Int32(rdsPageSize)})
	err := eachPage(ctx, "list DB instances", p.HasMorePages, p.NextPage, func(out *rds.DescribeDBInstancesOutput) {
		for _, db := range out.DBInstances {
			recs = append(recs, rdsRecord(s, db))
		}
	})
	return recs, err
}

func rdsRecord(s *session, db rdstypes.DBInstance) inventory.Record {
	id := aws.ToString(db.DBInstanceIdentifier)
	tags := tagsOf(db.TagList, func(t rdstypes.Tag) (*string, *string) { return t.Key, t.Value })
	var endpoint, port string
	if db.Endpoint != nil {
		endpoint, port = aws.ToString(db.Endpoint.Address), num(db.Endpoint.Port)
	}
	storage := "-"
	switch {
	case strings.HasPrefix(aws.ToString(db.StorageType), "aurora"):
		storage = "Aurora cluster volume"
	case db.AllocatedStorage != nil:
		storage = gib(*db.AllocatedStorage)
	}
	var groups []string
	for _, g := range db.VpcSecurityGroups {
		groups = append(groups, aws.ToString(g.VpcSecurityGroupId))
	}
	for _, g := range db.DBSecurityGroups { // EC2-Classic DB security groups, on very old instances
		groups = append(groups, aws.ToString(g.DBSecurityGroupName))
	}
	rec := s.record(id, aws.ToString(db.DBInstanceArn), id, tags, columns{
		"Region":                       s.region,
		"Endpoint":                     endpoint,
		"DB instance ID":               id,
		"DB name":                      aws.ToString(db.DBName),
		"Master Username":              aws.ToString(db.MasterUsername),
		"Port":                         port,
		"DB Engine":                    aws.ToString(db.Engine),
		"DB Version":                   aws.ToString(db.EngineVersion),
		"Instance Type":                aws.ToString(db.DBInstanceClass),
		"Storage type":                 aws.ToString(db.StorageType),
		"Storage":                      storage,
		"Multi-AZ":                     yesNoPtr(db.MultiAZ),
		"Security Group":               list(groups),
		"Deletion Protection":          yesNoPtr(db.DeletionProtection),
		"Performance Insights Enabled": yesNoPtr(db.PerformanceInsightsEnabled),
		"CloudWatch Logs":              list(db.EnabledCloudwatchLogsExports),
	})
	net := inventory.Net{AZ: aws.ToString(db.AvailabilityZone)}
	if g := db.DBSubnetGroup; g != nil {
		net.VPC = aws.ToString(g.VpcId)
		for _, sn := range g.Subnets {
			net.Subnets = append(net.Subnets, aws.ToString(sn.SubnetIdentifier))
		}
	}
	rec.Net = placed(net)
	return rec
}
