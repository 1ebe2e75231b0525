package tasks

import (
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func TestOutcomeNamesWhatWasNotCoveredAndTheFix(t *testing.T) {
	units := []domain.UnitState{
		{AccountID: "111111111111", Region: "eu-west-1", Status: "done", Coverage: []inventory.Coverage{
			{Service: "ec2", AccountID: "111111111111", Region: "eu-west-1", Status: inventory.StatusOK},
			{Service: "lambda", AccountID: "111111111111", Region: "eu-west-1", Status: inventory.StatusAccessDenied, Action: "lambda:ListFunctions"},
			{Service: "cloudfront", AccountID: "111111111111", Region: "eu-west-1", Status: inventory.StatusPartial,
				PartialCalls: []string{"cloudfront:ListTagsForResource (AccessDenied)", "cloudfront:ListTagsForResource (Throttling)"}},
			{Service: "rds", AccountID: "111111111111", Region: "eu-west-1", Status: inventory.StatusExcluded},
		}},
		{AccountID: "222222222222", Region: "ap-east-1", Status: "done", Coverage: []inventory.Coverage{
			{Service: "ec2", AccountID: "222222222222", Region: "ap-east-1", Status: inventory.StatusRegionDisabled},
		}},
		{AccountID: "222222222222", Region: "eu-west-1", Status: "done", Coverage: []inventory.Coverage{
			{Service: "ec2", AccountID: "222222222222", Region: "eu-west-1", Status: inventory.StatusSkipped},
		}},
	}
	out, views := explain(&domain.Task{Status: domain.TaskPartiallyCompleted}, units)
	if out.Summary != "Completed with warnings: 3 services in 2 of 3 account-regions could not be read completely." {
		t.Fatalf("summary %q", out.Summary)
	}
	if len(out.Issues) != 3 || views[0].Warnings != 2 || views[1].Warnings != 1 || views[2].Warnings != 0 {
		t.Fatalf("issues %+v, views %+v", out.Issues, views)
	}
	for _, tc := range []struct{ service, reason, fix string }{
		{"lambda", "may not call lambda:ListFunctions", "Allow lambda:ListFunctions in the scanner role's policy"},
		{"cloudfront", "2 detail calls could not be read", "Allow cloudfront:ListTagsForResource in"},
		{"ec2", "region ap-east-1 is not enabled in account 222222222222", "Enable the region"},
	} {
		found := false
		for _, is := range out.Issues {
			if is.Service == tc.service && strings.Contains(is.Reason, tc.reason) && strings.Contains(is.Fix, tc.fix) {
				found = true
			}
		}
		if !found {
			t.Errorf("no issue for %s saying %q and %q: %+v", tc.service, tc.reason, tc.fix, out.Issues)
		}
	}
	clean, _ := explain(&domain.Task{Status: domain.TaskCompleted}, units[2:])
	if clean.Summary != "Completed: every service was read in 1 account-region." || len(clean.Issues) != 0 {
		t.Fatalf("clean %+v", clean)
	}
}
