package scanner

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

func init() {
	expectations["rds"] = expectation{
		records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.DBInstances) },
		paged:   []string{"RDS/DescribeDBInstances"},
	}
}

func TestRDSValues(t *testing.T) {
	estate := testEstate()
	r := estate.Accounts[0].Region(testRegion)
	recs := scanOne(t, awssim.New(estate, awssim.Options{PageSize: 2}), "rds")
	db := r.DBInstances[0]
	id := aws.ToString(db.DBInstanceIdentifier)
	cases := []columnCase{
		{"region", id, "Region", testRegion},
		{"endpoint address", id, "Endpoint", aws.ToString(db.Endpoint.Address)},
		{"port from the endpoint", id, "Port", "5432"},
		{"engine", id, "DB Engine", "postgres"},
		{"storage in GiB", id, "Storage", gib(aws.ToInt32(db.AllocatedStorage))},
		{"storage type", id, "Storage type", "gp3"},
		{"multi-AZ", id, "Multi-AZ", "Yes"},
		{"deletion protection", id, "Deletion Protection", "Yes"},
		{"performance insights", id, "Performance Insights Enabled", "Yes"},
		{"security groups", id, "Security Group", aws.ToString(db.VpcSecurityGroups[0].VpcSecurityGroupId)},
		{"log exports", id, "CloudWatch Logs", strings.Join(db.EnabledCloudwatchLogsExports, ", ")},
		{"database name", id, "DB name", "app"},
	}
	for _, d := range r.DBInstances {
		did := aws.ToString(d.DBInstanceIdentifier)
		if aws.ToString(d.StorageType) == "aurora" {
			cases = append(cases, columnCase{"aurora storage", did, "Storage", "Aurora cluster volume"})
		}
		if d.DBName == nil {
			cases = append(cases, columnCase{"no database name", did, "DB name", "-"})
		}
		if !aws.ToBool(d.MultiAZ) {
			cases = append(cases, columnCase{"single AZ", did, "Multi-AZ", "No"})
		}
	}
	checkColumns(t, recs, cases)

	for _, rec := range recs {
		if rec.ID == id && (rec.Tags["Environment"] == "" || rec.ARN != aws.ToString(db.DBInstanceArn) || rec.Name != id) {
			t.Errorf("identity of %s: name %q arn %q tags %v", id, rec.Name, rec.ARN, rec.Tags)
		}
	}
}

func TestRDSRecordFormatsMissingAttributes(t *testing.T) {
	s := &session{account: "123456789012", region: testRegion, service: mustService(t, "rds")}
	rec := rdsRecord(s, rdstypes.DBInstance{DBInstanceIdentifier: aws.String("creating-db")})
	for _, col := range []string{"Endpoint", "Port", "Storage", "Multi-AZ", "Security Group", "CloudWatch Logs"} {
		if got := rec.Columns[col]; got != "-" {
			t.Errorf("%s = %q for an instance still being created, want a dash", col, got)
		}
	}
}
