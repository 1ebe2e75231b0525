package localapp

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
)

// syntheticUnit is one unit's result of n records, about 450 bytes each
// in the JSON export.
func syntheticUnit(region string, n int) *inventory.Result {
	res := &inventory.Result{}
	for i := range n {
		res.Records = append(res.Records, inventory.Record{Service: "ec2", ResourceType: "instance", AccountID: "123456789012", Region: region,
			ID: fmt.Sprintf("i-%017d", i), ARN: fmt.Sprintf("arn:aws:ec2:%s:123456789012:instance/i-%017d", region, i),
			Name: fmt.Sprintf("=web [%d] <&> 📦", i),
			Columns: map[string]string{"InstanceType": "m7g.large", "State": "running", "PrivateIp": "10.0.12.34", "SubnetId": "subnet-0123456789abcdef0",
				"VpcId": "vpc-0123456789abcdef0", "AMI": "ami-0123456789abcdef0", "LaunchTime": "2026-01-02T03:04:05Z"}})
	}
	return res
}

// TestExportsLargerThanALambdaAnswerAreFiles: an inventory far past
// Lambda's 6 MB answer (which the local API refuses as AWS does) is
// written by a job to S3 and fetched through its presigned link. It logs
// the largest export served and how long it took, start to file.
func TestExportsLargerThanALambdaAnswerAreFiles(t *testing.T) {
	ctx := context.Background()
	task := &domain.Task{ID: domain.NewID(), WorkspaceID: stack.WorkspaceID, Name: "Synthetic export", Status: domain.TaskCompleted,
		CreatedBy: "synthetic", ProjectMetadata: domain.ProjectMetadata{ClientName: "Acme", ProjectName: "Big"}}
	if _, err := stack.Store.CreateTask(ctx, task, ""); err != nil {
		t.Fatal(err)
	}
	const records = 13000 + 8000 // about 9 MB of JSON, 6.5 MB of CSV
	for i, n := range []int{13000, 8000} {
		var buf bytes.Buffer
		if err := inventory.Encode(&buf, syntheticUnit(fmt.Sprintf("region-%d", i), n)); err != nil {
			t.Fatal(err)
		}
		if err := stack.Results.Put(ctx, layout.ResultKey(task.ID, "synthetic", "123456789012", fmt.Sprintf("region-%d", i)), &buf, "application/gzip"); err != nil {
			t.Fatal(err)
		}
	}
	c := asAdmin(t)
	for _, format := range []string{"json", "csv"} {
		start := time.Now()
		a, j, file := c.job("/api/tasks/export", map[string]string{"id": task.ID, "format": format})
		took := time.Since(start)
		if a.Status != 202 || j.Status != "succeeded" {
			t.Fatalf("%s export: %d %s, job %+v", format, a.Status, a.Body, j)
		}
		if len(a.Body) > 2048 {
			t.Errorf("the start answered %d bytes: it should answer the job, not the file", len(a.Body))
		}
		if len(file) <= 6<<20 || j.Size != int64(len(file)) || j.Records != records {
			t.Errorf("%s export: %d bytes (job says %d), %d records, want past 6 MB and %d", format, len(file), j.Size, j.Records, records)
		}
		t.Logf("%s export of %d records: %.2f MB in %s, start to downloaded file", format, records, float64(len(file))/(1<<20), took.Round(time.Millisecond))
	}
}
