package roletemplate

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
	"go.yaml.in/yaml/v3"
)

const principal = "arn:aws:iam::111111111111:role/cloudcensus-scan-unit"

// readVerbs are the operation prefixes of calls that only read.
var readVerbs = []string{"Describe", "List", "Get", "BatchGet", "Lookup"}

type doc = map[string]any

func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(doc)
			if !ok {
				t.Fatalf("at %v: not a map: %#v", path, v)
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				t.Fatalf("at %v: not a list of %d: %#v", path, k+1, v)
			}
			v = l[k]
		}
	}
	return v
}

func parse(t *testing.T, s string) doc {
	t.Helper()
	var d doc
	if err := yaml.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("template is not YAML: %v", err)
	}
	return d
}

func TestTemplates(t *testing.T) {
	got, err := Build(Params{PrincipalARN: principal, ExternalID: "cc-0123456789abcdef", HomeRegion: "eu-west-1", Actions: spec.ReadActions()})
	if err != nil {
		t.Fatal(err)
	}
	want := spec.ReadActions()
	if len(want) == 0 {
		t.Fatal("the scanners declare no actions")
	}
	if !slices.Equal(got.Actions, want) {
		t.Fatalf("Actions %v, want the scanners' %v", got.Actions, want)
	}
	for _, tc := range []struct {
		name     string
		body     string
		roleName any
		stackSet bool
	}{
		{"single account", got.Template, doc{"Ref": "RoleName"}, false},
		{"StackSets", got.StackSetTemplate, RoleName, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := parse(t, tc.body)
			if at(t, d, "AWSTemplateFormatVersion") != "2010-09-09" {
				t.Fatalf("format version %v", d["AWSTemplateFormatVersion"])
			}
			resources := at(t, d, "Resources").(doc)
			if len(resources) != 1 {
				t.Fatalf("resources %v, want the role only", resources)
			}
			role := at(t, resources, "ScannerRole")
			if at(t, role, "Type") != "AWS::IAM::Role" {
				t.Fatalf("resource type %v", at(t, role, "Type"))
			}
			props := at(t, role, "Properties")
			if name := at(t, props, "RoleName"); !equalYAML(name, tc.roleName) {
				t.Fatalf("RoleName %v, want %v", name, tc.roleName)
			}
			if !tc.stackSet {
				if def := at(t, d, "Parameters", "RoleName", "Default"); def != RoleName ||
					!strings.HasPrefix(at(t, d, "Parameters", "RoleName", "AllowedPattern").(string), RoleName) {
					t.Fatalf("RoleName parameter %v", at(t, d, "Parameters", "RoleName"))
				}
			}
			if at(t, props, "MaxSessionDuration") != MaxSessionDuration {
				t.Fatalf("MaxSessionDuration %v", at(t, props, "MaxSessionDuration"))
			}
			// Trust: the platform principal only, only with the ExternalId.
			trust := at(t, props, "AssumeRolePolicyDocument", "Statement").([]any)
			if len(trust) != 1 {
				t.Fatalf("trust statements %v", trust)
			}
			st := trust[0]
			if at(t, st, "Effect") != "Allow" || at(t, st, "Action") != "sts:AssumeRole" ||
				!equalYAML(at(t, st, "Principal"), doc{"AWS": principal}) ||
				!equalYAML(at(t, st, "Condition"), doc{"StringEquals": doc{"sts:ExternalId": doc{"Ref": "ExternalId"}}}) {
				t.Fatalf("trust statement %v", st)
			}
			if at(t, d, "Parameters", "ExternalId", "Default") != "cc-0123456789abcdef" {
				t.Fatalf("ExternalId parameter %v", at(t, d, "Parameters", "ExternalId"))
			}
			// Permissions: exactly the scanners' actions, all reads.
			policies := at(t, props, "Policies").([]any)
			var granted []string
			for _, p := range policies {
				for _, s := range at(t, p, "PolicyDocument", "Statement").([]any) {
					if at(t, s, "Effect") != "Allow" || at(t, s, "Resource") != "*" {
						t.Fatalf("statement %v", s)
					}
					for _, a := range at(t, s, "Action").([]any) {
						granted = append(granted, a.(string))
					}
				}
			}
			slices.Sort(granted)
			if !slices.Equal(granted, want) {
				t.Fatalf("granted %v\nwant the scanners' %v", granted, want)
			}
			for _, a := range granted {
				service, op, ok := strings.Cut(a, ":")
				if !ok || service == "" || strings.ContainsAny(a, "*?") {
					t.Fatalf("action %q is not one exact action", a)
				}
				if !slices.ContainsFunc(readVerbs, func(v string) bool { return strings.HasPrefix(op, v) }) {
					t.Errorf("action %q does not only read", a)
				}
			}
			if !equalYAML(at(t, d, "Outputs", "RoleArn", "Value"), doc{"Fn::GetAtt": []any{"ScannerRole", "Arn"}}) {
				t.Fatalf("RoleArn output %v", at(t, d, "Outputs", "RoleArn"))
			}
			if tc.stackSet {
				if at(t, role, "Condition") != "IsHomeRegion" || at(t, d, "Parameters", "HomeRegion", "Default") != "eu-west-1" ||
					!equalYAML(at(t, d, "Conditions", "IsHomeRegion"), doc{"Fn::Equals": []any{doc{"Ref": "AWS::Region"}, doc{"Ref": "HomeRegion"}}}) {
					t.Fatalf("StackSets home region: %v %v", role, d["Conditions"])
				}
			}
		})
	}
}

func equalYAML(a, b any) bool {
	x, _ := yaml.Marshal(a)
	y, _ := yaml.Marshal(b)
	return string(x) == string(y)
}

func TestBuildRefuses(t *testing.T) {
	actions := []string{"ec2:DescribeVpcs"}
	for _, p := range []Params{
		{PrincipalARN: "", ExternalID: "cc-1", HomeRegion: "us-east-1", Actions: actions},
		{PrincipalARN: "root", ExternalID: "cc-1", HomeRegion: "us-east-1", Actions: actions},
		{PrincipalARN: principal, ExternalID: "x", HomeRegion: "us-east-1", Actions: actions},
		{PrincipalARN: principal, ExternalID: "a b c", HomeRegion: "us-east-1", Actions: actions},
		{PrincipalARN: principal, ExternalID: "cc-1", Actions: actions},
		{PrincipalARN: principal, ExternalID: "cc-1", HomeRegion: "us-east-1"},
	} {
		if _, err := Build(p); err == nil {
			t.Errorf("Build(%+v) accepted", p)
		}
	}
}

func TestQuickCreateURL(t *testing.T) {
	tmpl := "https://bucket.s3.eu-west-1.amazonaws.com/templates/scanner-role.yaml?X-Amz-Signature=abc&X-Amz-Expires=3600"
	u, err := url.Parse(QuickCreateURL("eu-west-1", tmpl, "cc-0123"))
	if err != nil {
		t.Fatal(err)
	}
	if u.Host != "eu-west-1.console.aws.amazon.com" || u.Query().Get("region") != "eu-west-1" {
		t.Fatalf("console URL %s", u)
	}
	path, query, _ := strings.Cut(u.EscapedFragment(), "?")
	q, err := url.ParseQuery(query)
	if err != nil || path != "/stacks/quickcreate" {
		t.Fatalf("fragment %q: %v", u.Fragment, err)
	}
	if q.Get("templateURL") != tmpl || q.Get("param_ExternalId") != "cc-0123" || q.Get("stackName") != RoleName {
		t.Fatalf("quick-create parameters %v", q)
	}
}
