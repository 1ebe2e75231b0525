package awssim

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
)

// RDS pages with Marker and MaxRecords (20 to 100, default 100), as the
// query API does, and answers DBInstanceNotFound for an unknown identifier.
func init() {
	handle("RDS", "DescribeDBInstances", func(r *Request, in *rds.DescribeDBInstancesInput) (*rds.DescribeDBInstancesOutput, error) {
		limit, err := maxRecords(r, in.MaxRecords)
		if err != nil {
			return nil, err
		}
		items := r.Region.DBInstances
		if id := aws.ToString(in.DBInstanceIdentifier); id != "" {
			items = selected(items, []string{id}, func(d rdstypes.DBInstance) *string { return d.DBInstanceIdentifier })
			if len(items) == 0 {
				return nil, APIError(404, "DBInstanceNotFound", "DBInstance %s not found.", id)
			}
		}
		items, next, err := page(r, items, in.Marker, limit)
		return &rds.DescribeDBInstancesOutput{DBInstances: items, Marker: next}, err
	})
}

// maxRecords checks the MaxRecords of the RDS and ElastiCache Describe
// calls: unset means 100; AWS refuses values outside 20..100.
func maxRecords(r *Request, p *int32) (int, error) {
	if p == nil {
		return 100, nil
	}
	if *p < 20 || *p > 100 {
		return 0, invalidParameter(r.Service, "MaxRecords", *p)
	}
	return int(*p), nil
}
