package stack

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"
)

// TestNagAwsSolutions: no AwsSolutions finding is left unsuppressed.
func TestNagAwsSolutions(t *testing.T) {
	s := fixture(t)
	ann := assertions.Annotations_FromStack(s.stack)
	for _, level := range []struct {
		name  string
		found func() []string
	}{
		{"error", func() []string {
			return messages(ann.FindError(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-.*"))))
		}},
		{"warning", func() []string {
			return messages(ann.FindWarning(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-.*"))))
		}},
	} {
		for _, m := range level.found() {
			t.Errorf("cdk-nag %s: %s", level.name, m)
		}
	}
}
func messages(found *[]*cxapi.SynthesisMessage) []string {
	var out []string
	for _, m := range *found {
		text := fmt.Sprint(m.Entry.Data)
		if rule, _, ok := strings.Cut(text, ": "); ok {
			text = rule // the rule and finding; the explanation is cdk-nag's
		}
		out = append(out, *m.Id+": "+text)
	}
	return out
}

// TestSuppressionsAreNarrowAndExplained: every suppression in the
// template says why, and one of a granular rule (IAM4, IAM5) names the
// findings it accepts instead of silencing the rule for the resource.
func TestSuppressionsAreNarrowAndExplained(t *testing.T) {
	s := fixture(t)
	n := 0
	for id, r := range s.json["Resources"].(map[string]any) {
		meta, _ := r.(map[string]any)["Metadata"].(map[string]any)
		nag, _ := meta["cdk_nag"].(map[string]any)
		for _, sup := range asList(nag["rules_to_suppress"]) {
			sup := sup.(map[string]any)
			n++
			rule, reason := fmt.Sprint(sup["id"]), fmt.Sprint(sup["reason"])
			if len(reason) < 40 {
				t.Errorf("%s: %s suppressed with a short reason %q", id, rule, reason)
			}
			if (rule == "AwsSolutions-IAM4" || rule == "AwsSolutions-IAM5") && len(asList(sup["applies_to"])) == 0 {
				t.Errorf("%s: %s suppressed for every finding", id, rule)
			}
		}
	}
	if n == 0 {
		t.Error("no suppressions in the template: the test reads the wrong metadata")
	}
}
