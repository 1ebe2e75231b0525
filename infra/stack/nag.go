package stack

import (
	"encoding/json"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// accepted is a cdk-nag AwsSolutions finding the stack accepts, and why.
// Each is recorded next to the resource it concerns, so the reason sits
// with the code that makes the choice.
type accepted struct {
	rule   string
	reason string
	// appliesTo narrows a granular rule (IAM4, IAM5) to these findings,
	// named the way cdk-nag names them (see nagName); one written /like
	// this/ is a regular expression.
	appliesTo []string
}

// accept records findings on c, and on everything under it when children.
func accept(c constructs.IConstruct, children bool, findings ...accepted) {
	var out []*cdknag.NagPackSuppression
	for _, f := range findings {
		s := &cdknag.NagPackSuppression{Id: jsii.String(f.rule), Reason: jsii.String(f.reason)}
		if len(f.appliesTo) > 0 {
			applies := make([]any, len(f.appliesTo))
			for i, a := range f.appliesTo {
				if len(a) > 2 && strings.HasPrefix(a, "/") && strings.HasSuffix(a, "/") {
					applies[i] = &cdknag.RegexAppliesTo{Regex: jsii.String(a)}
				} else {
					applies[i] = a
				}
			}
			s.AppliesTo = &applies
		}
		out = append(out, s)
	}
	cdknag.NagSuppressions_AddResourceSuppressions(c, &out, jsii.Bool(children))
}

// nagName is how cdk-nag writes a value in a granular finding: references
// flattened to <LogicalId.Attribute> and <AWS::Pseudo>.
func nagName(scope constructs.IConstruct, value string) string {
	resolved := awscdk.Stack_Of(scope).Resolve(jsii.String(value))
	return flatten(resolved)
}

func flatten(node any) string {
	switch n := node.(type) {
	case nil:
		return ""
	case string:
		return strings.NewReplacer("${", "<", "}", ">").Replace(n)
	case *string:
		return flatten(*n)
	case map[string]any:
		if join, ok := n["Fn::Join"].([]any); ok && len(join) == 2 {
			sep, _ := join[0].(string)
			items, _ := join[1].([]any)
			parts := make([]string, len(items))
			for i, it := range items {
				parts[i] = flatten(it)
			}
			return strings.Join(parts, sep)
		}
		if att, ok := n["Fn::GetAtt"].([]any); ok && len(att) == 2 {
			return "<" + flatten(att[0]) + "." + flatten(att[1]) + ">"
		}
		if ref, ok := n["Ref"]; ok {
			return "<" + flatten(ref) + ">"
		}
	}
	b, _ := json.Marshal(node)
	return string(b)
}

// xrayAccepted: active tracing's two X-Ray actions take no resource.
var xrayAccepted = accepted{
	rule:      "AwsSolutions-IAM5",
	reason:    "X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; the statement holds only these two actions (active tracing).",
	appliesTo: []string{"Resource::*"},
}

// wildcardsOf names, for cdk-nag, the resources of a statement that hold
// a wildcard, each accepted for the same reason.
func wildcardsOf(scope constructs.IConstruct, reason string, resources ...string) []accepted {
	var out []accepted
	for _, r := range resources {
		if name := nagName(scope, r); strings.Contains(name, "*") {
			out = append(out, accepted{rule: "AwsSolutions-IAM5", reason: reason, appliesTo: []string{"Resource::" + name}})
		}
	}
	return out
}
