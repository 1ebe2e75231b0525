package stack

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

// The deployed stack keeps what the contract's retention says: results
// expire, uploads and templates expire within a day, and a deleted report
// is recoverable only as long as its noncurrent version lives.
func TestBucketsKeepWhatTheContractRetains(t *testing.T) {
	s := fixture(t)
	keep := readTestContract(t).Retention
	rule := func(props map[string]any) any { return assertions.Match_ObjectLike(&props) }
	holds(t, "results bucket lifecycle", func() {
		s.template.HasResourceProperties(jsii.String("AWS::S3::Bucket"), map[string]any{
			"LifecycleConfiguration": map[string]any{"Rules": assertions.Match_ArrayWith(&[]any{
				rule(map[string]any{"Prefix": "tasks/", "ExpirationInDays": keep.ResultsDays, "Status": "Enabled"}),
				rule(map[string]any{"Prefix": "uploads/", "ExpirationInDays": keep.UploadsDays, "Status": "Enabled"}),
				rule(map[string]any{"Prefix": "templates/", "ExpirationInDays": keep.TemplatesDays, "Status": "Enabled"}),
			})},
		})
	})
	holds(t, "reports bucket: versioned, deleted versions expire", func() {
		s.template.HasResourceProperties(jsii.String("AWS::S3::Bucket"), map[string]any{
			"VersioningConfiguration": map[string]any{"Status": "Enabled"},
			"LifecycleConfiguration": map[string]any{"Rules": assertions.Match_ArrayWith(&[]any{
				rule(map[string]any{"NoncurrentVersionExpiration": map[string]any{"NoncurrentDays": keep.DeletedReportsDays},
					"ExpiredObjectDeleteMarker": true, "Status": "Enabled"}),
			})},
		})
	})
	// Every versioned bucket lets old versions go: nothing deleted is kept
	// past the policy by a bucket the rule forgot.
	for id, props := range bucketsOf(s) {
		if v, _ := props["VersioningConfiguration"].(map[string]any); v["Status"] != "Enabled" {
			continue
		}
		lc, _ := props["LifecycleConfiguration"].(map[string]any)
		rules, _ := lc["Rules"].([]any)
		expires := false
		for _, r := range rules {
			if m, _ := r.(map[string]any); m["NoncurrentVersionExpiration"] != nil && m["Status"] == "Enabled" {
				expires = true
			}
		}
		if !expires {
			t.Errorf("versioned bucket %s keeps noncurrent versions for ever", id)
		}
	}
}

func bucketsOf(s synthesized) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, b := range s.ofType("AWS::S3::Bucket") {
		out[b.id] = b.props
	}
	return out
}

// The rules follow the numbers, not constants of the stack's own.
func TestRetentionComesFromTheContract(t *testing.T) {
	app := awscdk.NewApp(nil)
	st := awscdk.NewStack(app, jsii.String("Retention"), nil)
	newBuckets(st, "Retention", agedPrefixes{results: "tasks/", uploads: "uploads/", templates: "templates/"},
		Retention{ResultsDays: 45, UploadsDays: 2, TemplatesDays: 3, DeletedReportsDays: 7})
	tpl := assertions.Template_FromStack(st, nil)
	holds(t, "results rules", func() {
		tpl.HasResourceProperties(jsii.String("AWS::S3::Bucket"), map[string]any{
			"LifecycleConfiguration": map[string]any{"Rules": assertions.Match_ArrayWith(&[]any{
				assertions.Match_ObjectLike(&map[string]any{"Prefix": "tasks/", "ExpirationInDays": 45, "Transitions": assertions.Match_Absent()}),
				assertions.Match_ObjectLike(&map[string]any{"Prefix": "uploads/", "ExpirationInDays": 2}),
				assertions.Match_ObjectLike(&map[string]any{"Prefix": "templates/", "ExpirationInDays": 3}),
			})},
		})
	})
	holds(t, "reports rule", func() {
		tpl.HasResourceProperties(jsii.String("AWS::S3::Bucket"), map[string]any{
			"LifecycleConfiguration": map[string]any{"Rules": assertions.Match_ArrayWith(&[]any{
				assertions.Match_ObjectLike(&map[string]any{"NoncurrentVersionExpiration": map[string]any{"NoncurrentDays": 7}}),
			})},
		})
	})
}

func TestContractWithoutRetentionIsRefused(t *testing.T) {
	c := readTestContract(t)
	c.Retention.UploadsDays = 0
	err := c.check()
	if err == nil || !strings.Contains(err.Error(), "retention.uploadsDays") {
		t.Fatalf("check = %v, want retention.uploadsDays named", err)
	}
}
