package scancli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestBadUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown region", []string{"--demo", "--regions", "eu-west-1,mars-1"}, `unknown region "mars-1"`},
		{"unknown service", []string{"--demo", "--services", "vpc,mainframe"}, `unknown service "mainframe"`},
		{"profile and demo", []string{"--demo", "--profile", "x"}, "exclude each other"},
		{"stray argument", []string{"--demo", "extra"}, `unexpected argument "extra"`},
		{"unknown flag", []string{"--colour"}, "colour"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, tc.args...)
			first := strings.SplitN(stderr, "\n", 2)[0]
			if code != 2 || !strings.Contains(first, tc.want) {
				t.Fatalf("exit %d, first line %q; want 2 naming %s", code, first, tc.want)
			}
		})
	}
}

func readResult(t *testing.T, path string) *inventory.Result {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var res inventory.Result
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	return &res
}

func TestDemoScan(t *testing.T) {
	out := filepath.Join(t.TempDir(), "results.json")
	code, _, stderr := run(t, "scan", "--demo", "--regions", "eu-west-1", "--services", "vpc,security_group,ec2", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	res := readResult(t, out)
	accounts := map[string]bool{}
	for _, r := range res.Records {
		accounts[r.AccountID] = true
		if r.Region != "eu-west-1" || (r.Service != "vpc" && r.Service != "security_group" && r.Service != "ec2") {
			t.Fatalf("unexpected record %+v", r)
		}
	}
	if len(accounts) != 2 || len(res.Coverage) != 6 {
		t.Fatalf("%d accounts, %d coverage rows; want 2 demo accounts x 3 services", len(accounts), len(res.Coverage))
	}
	if strings.Count(stderr, "[") < 2 || !strings.Contains(stderr, "coverage:") {
		t.Errorf("no progress or summary on stderr:\n%s", stderr)
	}
}

// The demo denies Lambda in its second account: the scan completes, the
// coverage says so and the exit status is 1.
func TestDemoDeniedServiceFailsTheExitStatus(t *testing.T) {
	out := filepath.Join(t.TempDir(), "results.json")
	code, _, stderr := run(t, "--demo", "--regions", "ap-southeast-1", "--services", "lambda,vpc", "-o", out)
	if code != 1 || !strings.Contains(stderr, "access_denied") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	denied := 0
	for _, c := range readResult(t, out).Coverage {
		if c.Status == inventory.StatusAccessDenied {
			denied++
			if c.Service != "lambda" || c.AccountID != awssim.Demo().Estate().Accounts[1].ID {
				t.Errorf("denied %+v", c)
			}
		}
	}
	if denied != 1 {
		t.Fatalf("%d access_denied rows, want 1", denied)
	}
}

// Against "AWS" (an httptest server standing for it), the command honours
// the SDK's environment and shared config: static keys with AWS_REGION and
// AWS_ENDPOINT_URL, a --profile, or AWS_PROFILE; the account id comes from
// STS GetCallerIdentity.
func TestRealAWSPathHonoursTheEnvironment(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		w.Header().Set("Content-Type", "text/xml")
		switch form.Get("Action") {
		case "GetCallerIdentity":
			fmt.Fprint(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
<Arn>arn:aws:iam::123456789012:user/auditor</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>
</GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab</RequestId></ResponseMetadata></GetCallerIdentityResponse>`)
		case "DescribeVpcs":
			fmt.Fprint(w, `<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId><vpcSet><item>
<vpcId>vpc-0123456789abcdef0</vpcId><state>available</state><cidrBlock>10.9.0.0/16</cidrBlock><tagSet><item><key>Name</key><value>core</value></item></tagSet>
</item></vpcSet></DescribeVpcsResponse>`)
		default:
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	profile := "[profile auditor]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = secret\nregion = eu-central-1\nendpoint_url = " + srv.URL + "\n"
	if err := os.WriteFile(config, []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"environment keys, region and endpoint", map[string]string{
			"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "eu-central-1", "AWS_ENDPOINT_URL": srv.URL,
		}, nil},
		{"--profile", nil, []string{"--profile", "auditor"}},
		{"AWS_PROFILE", map[string]string{"AWS_PROFILE": "auditor"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_PROFILE"} {
				t.Setenv(k, "")
				os.Unsetenv(k)
			}
			t.Setenv("AWS_CONFIG_FILE", config)
			t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "no-credentials"))
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			out := filepath.Join(t.TempDir(), "results.json")
			code, _, stderr := run(t, append(tc.args, "--services", "vpc", "-o", out)...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			res := readResult(t, out)
			if len(res.Records) != 1 || res.Records[0].AccountID != "123456789012" || res.Records[0].Region != "eu-central-1" ||
				res.Records[0].Columns["Name"] != "core" {
				t.Fatalf("records %+v", res.Records)
			}
			if len(res.Coverage) != 1 || res.Coverage[0].Region == spec.GlobalUnit {
				t.Fatalf("coverage %+v: a regional-only selection needs no global unit", res.Coverage)
			}
		})
	}
}
