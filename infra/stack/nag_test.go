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
