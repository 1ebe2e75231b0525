package stack

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
)

// Managed CloudFront policies the API behavior must use.
const (
	cachingDisabled           = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	allViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
)

// TestConsoleAndAPIShareAnOrigin: /api/* goes to the API uncached with
// the viewer's headers (Authorization among them) but not its Host, the
// rest to the console bucket through origin access control, both with the
// security headers.
func TestConsoleAndAPIShareAnOrigin(t *testing.T) {
	s := fixture(t)
	dists := s.ofType("AWS::CloudFront::Distribution")
	if len(dists) != 1 {
		t.Fatalf("%d distributions", len(dists))
	}
	cfg := dists[0].props["DistributionConfig"].(map[string]any)
	origins := map[string]map[string]any{}
	for _, o := range asList(cfg["Origins"]) {
		o := o.(map[string]any)
		origins[o["Id"].(string)] = o
	}
	var api map[string]any
	for _, b := range asList(cfg["CacheBehaviors"]) {
		if b := b.(map[string]any); b["PathPattern"] == "/api/*" {
			api = b
		}
	}
	if api == nil {
		t.Fatal("no /api/* behavior")
	}
	if api["CachePolicyId"] != cachingDisabled || api["OriginRequestPolicyId"] != allViewerExceptHostHeader || api["ViewerProtocolPolicy"] != "https-only" {
		t.Errorf("/api/* behavior: %v", api)
	}
	apiOrigin := origins[api["TargetOriginId"].(string)]
	if !strings.Contains(flatten(apiOrigin["DomainName"]), ".execute-api.") || apiOrigin["OriginPath"] != "/"+StageName {
		t.Errorf("/api/* origin: %v", apiOrigin)
	}
	def := cfg["DefaultCacheBehavior"].(map[string]any)
	consoleOrigin := origins[def["TargetOriginId"].(string)]
	if refTo(consoleOrigin["OriginAccessControlId"]) == "" || !strings.HasPrefix(refTo(consoleOrigin["DomainName"]), "ConsoleBucket") {
		t.Errorf("console origin: %v", consoleOrigin)
	}
	if refTo(def["ResponseHeadersPolicyId"]) == "" || refTo(def["ResponseHeadersPolicyId"]) != refTo(api["ResponseHeadersPolicyId"]) {
		t.Errorf("security headers: console %v, api %v", def["ResponseHeadersPolicyId"], api["ResponseHeadersPolicyId"])
	}
	if fmt.Sprint(cfg["Logging"]) == "<nil>" {
		t.Error("the distribution does not log")
	}
}

// TestDiagramUploadsAreAllowedOnlyToTheResultsBucket: the console's CSP
// names the results bucket for connect-src, and that bucket's CORS rule
// admits PUT from the console's origin only.
func TestDiagramUploadsAreAllowedOnlyToTheResultsBucket(t *testing.T) {
	s := fixture(t)
	results := s.byID(t, resourceID(t, s, "AWS::S3::Bucket", "Results"))
	name := flatten(results.props["BucketName"])
	if name != "cloudcensus-results-<AWS::AccountId>-<AWS::Region>" {
		t.Errorf("results bucket name %q", name)
	}
	cors := fmt.Sprint(results.props["CorsConfiguration"])
	if !strings.Contains(cors, "AllowedMethods:[PUT]") || !strings.Contains(cors, "Console") {
		t.Errorf("results CORS: %s", cors)
	}
	for _, b := range s.ofType("AWS::S3::Bucket") {
		if b.id != results.id && b.props["CorsConfiguration"] != nil {
			t.Errorf("bucket %s has CORS", b.id)
		}
	}
	policies := s.ofType("AWS::CloudFront::ResponseHeadersPolicy")
	if len(policies) != 1 {
		t.Fatalf("%d response headers policies", len(policies))
	}
	csp := flatten(policies[0].props["ResponseHeadersPolicyConfig"].(map[string]any)["SecurityHeadersConfig"].(map[string]any)["ContentSecurityPolicy"].(map[string]any)["ContentSecurityPolicy"])
	if !strings.Contains(csp, "connect-src 'self' https://"+name+".s3.<AWS::Region>.<AWS::URLSuffix>;") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP: %s", csp)
	}
}

// TestConsoleConfigIsWrittenAtDeploy: config.json carries the API URL, the
// region and the pool, resolved at deploy time, uncached and invalidated.
func TestConsoleConfigIsWrittenAtDeploy(t *testing.T) {
	s := fixture(t)
	var entry resource
	for _, d := range s.ofType("Custom::CDKBucketDeployment") {
		if strings.HasPrefix(d.id, "ConsoleEntry") {
			entry = d
		}
	}
	if entry.props == nil {
		t.Fatal("no deployment of the console's entry files")
	}
	markers := fmt.Sprint(entry.props["SourceMarkers"])
	for _, want := range []string{"Console", "AWS::Region", "UserPool"} {
		if !strings.Contains(markers, want) {
			t.Errorf("config.json does not carry %s: %s", want, markers)
		}
	}
	if fmt.Sprint(entry.props["DistributionPaths"]) != "[/index.html /config.json]" || fmt.Sprint(entry.props["SystemMetadata"]) != "map[cache-control:no-cache]" {
		t.Errorf("entry deployment: %v", entry.props)
	}
}

func resourceID(t *testing.T, s synthesized, typ, prefix string) string {
	t.Helper()
	for _, r := range s.ofType(typ) {
		if strings.HasPrefix(r.id, prefix) {
			return r.id
		}
	}
	t.Fatalf("no %s named %s*", typ, prefix)
	return ""
}

func TestRuntimeConfigIsJSON(t *testing.T) {
	c := RuntimeConfig{APIURL: jsii.String("https://d1.cloudfront.net"), Region: jsii.String("eu-west-1"),
		UserPoolID: jsii.String("eu-west-1_abc"), UserPoolClientID: jsii.String("client")}
	var got map[string]string
	if err := json.Unmarshal([]byte(c.json()), &got); err != nil {
		t.Fatalf("config.json %q: %v", c.json(), err)
	}
	want := map[string]string{"apiUrl": "https://d1.cloudfront.net", "region": "eu-west-1", "userPoolId": "eu-west-1_abc", "userPoolClientId": "client"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("config.json = %v, want %v", got, want)
	}
}

// TestConsoleRoutesServeIndex runs the CloudFront function under Node
// (the same JavaScript; CloudFront's runtime is ECMAScript 5.1 plus parts
// of later editions).
func TestConsoleRoutesServeIndex(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	script := spaRewrite + `
const cases = JSON.parse(process.argv[1]);
console.log(JSON.stringify(cases.map(u => handler({request: {uri: u}}).uri)));`
	cases := map[string]string{"/": "/index.html", "/tasks": "/index.html", "/tasks/detail": "/index.html",
		"/index.html": "/index.html", "/assets/app-1a2b.js": "/assets/app-1a2b.js", "/config.json": "/config.json", "/favicon.ico": "/favicon.ico"}
	var in []string
	for u := range cases {
		in = append(in, u)
	}
	arg, _ := json.Marshal(in)
	out, err := exec.Command(node, "-e", script, string(arg)).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node said %q: %v", out, err)
	}
	for i, u := range in {
		if got[i] != cases[u] {
			t.Errorf("%s is served as %s, want %s", u, got[i], cases[u])
		}
	}
}
