package scanner

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// The wire tests run the scanners against httptest servers answering with
// real AWS response bodies, so the SDK's real serializers, deserializers,
// pagination and retry classification are exercised, not only awssim.

// wireConfig points every client at srv.
func wireConfig(srv *httptest.Server) aws.Config {
	return aws.Config{
		Region:       testRegion,
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDWIRETEST", "secret", ""),
		BaseEndpoint: aws.String(srv.URL),
		HTTPClient:   srv.Client(),
	}
}

func wireScan(t *testing.T, srv *httptest.Server, service string) ([]inventory.Record, inventory.Coverage) {
	t.Helper()
	res := testRunner().Scan(context.Background(), inventory.Unit{AccountID: "111122223333", Region: testRegion, Services: []string{service}}, wireConfig(srv))
	return recordsOf(res, service), coverageOf(t, res, service)
}

// An EC2 Query API exchange: a throttling answer first (503 with EC2's
// XML error body), then two pages of DescribeVpcs linked by nextToken.
func TestWireEC2QueryPagination(t *testing.T) {
	const page1 = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
    <vpcSet>
        <item>
            <vpcId>vpc-0a60eb65b4EXAMPLE</vpcId>
            <ownerId>111122223333</ownerId>
            <state>available</state>
            <cidrBlock>10.0.0.0/16</cidrBlock>
            <cidrBlockAssociationSet>
                <item>
                    <cidrBlock>10.0.0.0/16</cidrBlock>
                    <associationId>vpc-cidr-assoc-0b2a7d9d8dEXAMPLE</associationId>
                    <cidrBlockState><state>associated</state></cidrBlockState>
                </item>
                <item>
                    <cidrBlock>10.1.0.0/16</cidrBlock>
                    <associationId>vpc-cidr-assoc-0c2a7d9d8dEXAMPLE</associationId>
                    <cidrBlockState><state>associated</state></cidrBlockState>
                </item>
            </cidrBlockAssociationSet>
            <dhcpOptionsId>dopt-19edf471</dhcpOptionsId>
            <tagSet>
                <item><key>Name</key><value>production</value></item>
                <item><key>Team</key><value>platform</value></item>
            </tagSet>
            <instanceTenancy>default</instanceTenancy>
            <isDefault>false</isDefault>
        </item>
    </vpcSet>
    <nextToken>eyJ2IjoiMSIsImMiOiJwYWdlMiJ9</nextToken>
</DescribeVpcsResponse>`
	const page2 = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>8b62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
    <vpcSet>
        <item>
            <vpcId>vpc-06e4ab6c6cEXAMPLE</vpcId>
            <ownerId>111122223333</ownerId>
            <state>available</state>
            <cidrBlock>172.31.0.0/16</cidrBlock>
            <dhcpOptionsId>dopt-19edf471</dhcpOptionsId>
            <instanceTenancy>default</instanceTenancy>
            <isDefault>true</isDefault>
        </item>
    </vpcSet>
</DescribeVpcsResponse>`
	const throttled = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>`

	var mu sync.Mutex
	var forms []url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		mu.Lock()
		forms = append(forms, form)
		n := len(forms)
		mu.Unlock()
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		switch {
		case form.Get("Action") != "DescribeVpcs":
			w.WriteHeader(http.StatusBadRequest)
		case n == 1:
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, throttled)
		case form.Get("NextToken") == "":
			fmt.Fprint(w, page1)
		default:
			fmt.Fprint(w, page2)
		}
	}))
	defer srv.Close()

	recs, cov := wireScan(t, srv, "vpc")
	if cov.Status != inventory.StatusOK || cov.Calls != 3 || cov.Retries != 1 || cov.Throttles != 1 {
		t.Fatalf("coverage %+v, want ok after one throttled attempt and two pages", cov)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2 (one per page)", len(recs))
	}
	if got := forms[2].Get("NextToken"); got != "eyJ2IjoiMSIsImMiOiJwYWdlMiJ9" {
		t.Errorf("second page asked with NextToken %q", got)
	}
	if forms[1].Get("MaxResults") != "1000" {
		t.Errorf("MaxResults %q, want 1000", forms[1].Get("MaxResults"))
	}
	first := recs[0]
	if first.ID != "vpc-0a60eb65b4EXAMPLE" || first.Name != "production" || first.Tags["Team"] != "platform" ||
		first.Columns["CIDR"] != "10.0.0.0/16, 10.1.0.0/16" || first.ARN != "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a60eb65b4EXAMPLE" {
		t.Errorf("first record %+v", first)
	}
	if recs[1].Columns["Name"] != "-" || recs[1].Columns["CIDR"] != "172.31.0.0/16" {
		t.Errorf("second record %+v", recs[1].Columns)
	}
}

// A REST-JSON service (EKS): ListClusters pages by nextToken, then one
// DescribeCluster per cluster; an AccessDenied JSON error on one cluster
// leaves it listed by name, its columns saying why, the service partial.
func TestWireEKSJSON(t *testing.T) {
	cluster := func(name string) string {
		return fmt.Sprintf(`{"cluster":{"name":%q,"arn":"arn:aws:eks:eu-west-1:111122223333:cluster/%s","createdAt":1.700000000E9,
"version":"1.30","endpoint":"https://A1B2C3.gr7.eu-west-1.eks.amazonaws.com","roleArn":"arn:aws:iam::111122223333:role/eks",
"resourcesVpcConfig":{"subnetIds":["subnet-1"],"securityGroupIds":[],"vpcId":"vpc-0a60eb65b4EXAMPLE","endpointPublicAccess":true,"endpointPrivateAccess":false},
"status":"ACTIVE","platformVersion":"eks.8","tags":{"Name":%q,"team":"platform"}}}`, name, name, name)
	}
	var deny atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/clusters" && r.URL.Query().Get("nextToken") == "":
			fmt.Fprint(w, `{"clusters":["alpha","beta"],"nextToken":"page-2-token"}`)
		case r.URL.Path == "/clusters":
			fmt.Fprint(w, `{"clusters":["gamma"]}`)
		case strings.HasPrefix(r.URL.Path, "/clusters/"):
			name := strings.TrimPrefix(r.URL.Path, "/clusters/")
			if deny.Load() && name == "beta" {
				w.Header().Set("X-Amzn-Errortype", "AccessDeniedException")
				w.WriteHeader(http.StatusForbidden)
				fmt.Fprint(w, `{"message":"User: arn:aws:iam::111122223333:user/x is not authorized to perform: eks:DescribeCluster"}`)
				return
			}
			fmt.Fprint(w, cluster(name))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()

	recs, cov := wireScan(t, srv, "eks")
	if cov.Status != inventory.StatusOK || cov.Calls != 5 || len(recs) != 3 {
		t.Fatalf("coverage %+v, %d records; want ok, 5 calls, 3 clusters", cov, len(recs))
	}
	got := recs[2]
	if got.ID != "arn:aws:eks:eu-west-1:111122223333:cluster/gamma" || got.Columns["Version"] != "1.30" ||
		got.Columns["VPC ID"] != "vpc-0a60eb65b4EXAMPLE" || got.Columns["Status"] != "ACTIVE" || got.Tags["team"] != "platform" {
		t.Errorf("record %+v", got)
	}

	deny.Store(true)
	recs, cov = wireScan(t, srv, "eks")
	if cov.Status != inventory.StatusPartial || len(recs) != 3 || !slices.Equal(cov.PartialCalls, []string{"eks:DescribeCluster (AccessDeniedException)"}) ||
		!strings.Contains(cov.Details, "eks.go:") {
		t.Fatalf("coverage %+v, %d records; want partial naming eks:DescribeCluster and the scanner line, 3 clusters", cov, len(recs))
	}
	beta := recs[1]
	if beta.Name != "beta" || beta.Columns["Cluster Name"] != "beta" || beta.ID != "arn:aws:eks:eu-west-1:111122223333:cluster/beta" ||
		beta.Columns["Version"] != "not readable: AccessDeniedException on eks:DescribeCluster" || recs[2].Columns["Version"] != "1.30" {
		t.Errorf("records %+v and %+v", beta, recs[2])
	}
}
