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

// TestExportsPastTheLambdaLimitAreRefusedLocally: the synchronous export
// works up to Lambda's 6 MB and answers 502 past it, locally as in AWS.
// It logs the largest export served and how long it took.
func TestExportsPastTheLambdaLimitAreRefusedLocally(t *testing.T) {
	ctx := context.Background()
	task := &domain.Task{ID: domain.NewID(), WorkspaceID: stack.WorkspaceID, Name: "Synthetic export", Status: domain.TaskCompleted,
		CreatedBy: "synthetic", ProjectMetadata: domain.ProjectMetadata{ClientName: "Acme", ProjectName: "Big"}}
	if _, err := stack.Store.CreateTask(ctx, task, ""); err != nil {
		t.Fatal(err)
	}
	c := asAdmin(t)
	put := func(region string, n int) {
		var buf bytes.Buffer
		if err := inventory.Encode(&buf, syntheticUnit(region, n)); err != nil {
			t.Fatal(err)
		}
		if err := stack.Results.Put(ctx, layout.ResultKey(task.ID, "synthetic", "123456789012", region), &buf, "application/gzip"); err != nil {
			t.Fatal(err)
		}
	}
	largest := map[string]int{}
	for i, n := range []int{13000} { // about 5.6 MB of JSON, 4 MB of CSV
		put(fmt.Sprintf("region-%d", i), n)
		for _, format := range []string{"json", "csv"} {
			start := time.Now()
			a := c.get("/api/tasks/export?format=" + format + "&id=" + task.ID)
			took := time.Since(start)
			switch a.Status {
			case 200:
				if len(a.Body) > largest[format] {
					largest[format] = len(a.Body)
					t.Logf("%s export of %d records: %.2f MB in %s", format, n, float64(len(a.Body))/(1<<20), took.Round(time.Millisecond))
				}
			case 502:
				if largest[format] == 0 {
					t.Fatalf("%s export refused before any was served", format)
				}
			default:
				t.Fatalf("%s export: %d %.200s", format, a.Status, a.Body)
			}
		}
	}
	put("region-big", 8000) // past 6 MB in either format
	for _, format := range []string{"json", "csv"} {
		a := c.get("/api/tasks/export?format=" + format + "&id=" + task.ID)
		if a.Status != 502 || a.field() != "" {
			t.Errorf("%s export past 6 MB: %d, want 502 as Lambda and API Gateway answer", format, a.Status)
		}
		if largest[format] > 6<<20 {
			t.Errorf("%s export of %d bytes served, past 6 MB", format, largest[format])
		}
	}
}
