// Package roletemplate writes the CloudFormation template of the read-only
// scanner role a target account creates for CloudCensus: a role named with
// the prefix CloudCensusScanner that trusts the platform principal only
// when it presents the credential's ExternalId, lasts at most one hour per
// session, and may call exactly the read actions the scanners call. The
// wiring passes spec.ReadActions, the one list (the scanner's tests check
// it against every call the scanners make, this package's tests check the
// template grants it whole), so the role can never lack or exceed what a
// scan needs. It also writes the StackSets variant for an AWS Organization
// and the console's quick-create link.
//
// It must not import the store, the HTTP layer or the scanner: the
// credentials function serves it, and links none of them (the read
// actions come from the spec).
package roletemplate

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// RoleName is the scanner role's name, and the prefix of any name a
// template's user picks.
const RoleName = "CloudCensusScanner"

// MaxSessionDuration is the role's session limit in seconds; awsclient
// asks for exactly this.
const MaxSessionDuration = 3600

// maxInlinePolicy is IAM's limit on a role's inline policies, in
// characters without whitespace.
const maxInlinePolicy = 10240

// Params say whom the role trusts.
type Params struct {
	PrincipalARN string // the platform principal (awsclient.PlatformPrincipal)
	ExternalID   string
	HomeRegion   string   // StackSets: the one region per account where the role is made (IAM is global)
	Actions      []string // the read actions to grant: spec.ReadActions()
}

// Templates are the two variants of the template and what they grant.
type Templates struct {
	Template         string   // one account: a stack, e.g. through the quick-create link
	StackSetTemplate string   // an AWS Organization: a service-managed StackSet
	Actions          []string // the read actions granted
}

// Build writes both templates.
func Build(p Params) (Templates, error) {
	if !strings.HasPrefix(p.PrincipalARN, "arn:") || strings.Count(p.PrincipalARN, ":") < 5 {
		return Templates{}, fmt.Errorf("role template: %q is not a principal ARN", p.PrincipalARN)
	}
	if err := domain.ValidateExternalID("externalId", p.ExternalID); err != nil {
		return Templates{}, err
	}
	if p.HomeRegion == "" {
		return Templates{}, errors.New("role template: no home region for the StackSets variant")
	}
	if len(p.Actions) == 0 {
		return Templates{}, errors.New("role template: no read actions to grant")
	}
	actions := slices.Compact(slices.Sorted(slices.Values(p.Actions)))
	single, err := render(p, actions, false)
	if err != nil {
		return Templates{}, err
	}
	stackSet, err := render(p, actions, true)
	if err != nil {
		return Templates{}, err
	}
	return Templates{Template: single, StackSetTemplate: stackSet, Actions: actions}, nil
}

// QuickCreateURL is the CloudFormation console link that opens the stack
// from templateURL (an S3 URL the console can read) with the ExternalId
// filled in.
func QuickCreateURL(region, templateURL, externalID string) string {
	q := url.Values{}
	q.Set("templateURL", templateURL)
	q.Set("stackName", RoleName)
	q.Set("param_ExternalId", externalID)
	return "https://" + region + ".console.aws.amazon.com/cloudformation/home?region=" + url.QueryEscape(region) +
		"#/stacks/quickcreate?" + q.Encode()
}

// ref and friends are CloudFormation's intrinsic functions in their long
// form, which any YAML parser reads.
func ref(name string) map[string]any { return map[string]any{"Ref": name} }

func render(p Params, actions []string, stackSet bool) (string, error) {
	policy := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid": "CloudCensusScannerReads", "Effect": "Allow", "Action": actions, "Resource": "*",
		}},
	}
	if size, err := policySize(policy); err != nil || size > maxInlinePolicy {
		return "", fmt.Errorf("role template: the read policy is %d characters, over IAM's %d (%v)", size, maxInlinePolicy, err)
	}
	params := map[string]any{
		"ExternalId": map[string]any{
			"Type": "String", "Default": p.ExternalID, "MinLength": 2, "MaxLength": 1224,
			"AllowedPattern": `[\w+=,.@:/-]*`,
			"Description":    "The ExternalId CloudCensus presents; it must match the credential's ExternalId.",
		},
	}
	role := map[string]any{
		"RoleName":           ref("RoleName"),
		"Description":        "Read-only role CloudCensus assumes to inventory this account.",
		"MaxSessionDuration": MaxSessionDuration,
		"AssumeRolePolicyDocument": map[string]any{
			"Version": "2012-10-17",
			"Statement": []any{map[string]any{
				"Sid": "CloudCensusAssume", "Effect": "Allow",
				"Principal": map[string]any{"AWS": p.PrincipalARN},
				"Action":    "sts:AssumeRole",
				"Condition": map[string]any{"StringEquals": map[string]any{"sts:ExternalId": ref("ExternalId")}},
			}},
		},
		"Policies": []any{map[string]any{"PolicyName": "CloudCensusReadOnly", "PolicyDocument": policy}},
		"Tags":     []any{map[string]any{"Key": "managed-by", "Value": "cloudcensus"}},
	}
	resource := map[string]any{"Type": "AWS::IAM::Role", "Properties": role}
	outputs := map[string]any{
		"RoleArn": map[string]any{"Description": "The role ARN to enter in CloudCensus.",
			"Value": map[string]any{"Fn::GetAtt": []string{"ScannerRole", "Arn"}}},
		"ExternalId": map[string]any{"Description": "The ExternalId to enter in CloudCensus.", "Value": ref("ExternalId")},
	}
	t := map[string]any{
		"AWSTemplateFormatVersion": "2010-09-09",
		"Parameters":               params,
		"Resources":                map[string]any{"ScannerRole": resource},
		"Outputs":                  outputs,
	}
	if stackSet {
		// One role per account: IAM is global, so a StackSet deployed to
		// several regions creates it in the home region only, under the
		// fixed name every account shares.
		t["Description"] = "CloudCensus scanner role for every account of an AWS Organization (service-managed StackSet)."
		role["RoleName"] = RoleName
		params["HomeRegion"] = map[string]any{"Type": "String", "Default": p.HomeRegion,
			"Description": "The one region where the role is created in each account."}
		t["Conditions"] = map[string]any{"IsHomeRegion": map[string]any{
			"Fn::Equals": []any{ref("AWS::Region"), ref("HomeRegion")}}}
		resource["Condition"] = "IsHomeRegion"
		for _, o := range outputs {
			o.(map[string]any)["Condition"] = "IsHomeRegion"
		}
	} else {
		t["Description"] = "CloudCensus scanner role: read-only access for inventory scans, assumed with an ExternalId."
		params["RoleName"] = map[string]any{"Type": "String", "Default": RoleName, "MaxLength": 64,
			"AllowedPattern": RoleName + `[\w+=,.@-]*`,
			"Description":    "The role's name; it must start with " + RoleName + "."}
	}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(t); err != nil {
		return "", fmt.Errorf("role template: %w", err)
	}
	if err := enc.Close(); err != nil {
		return "", fmt.Errorf("role template: %w", err)
	}
	return b.String(), nil
}

// policySize counts a policy as IAM does: its JSON without whitespace.
func policySize(policy any) (int, error) {
	b, err := json.Marshal(policy)
	return len(b), err
}
