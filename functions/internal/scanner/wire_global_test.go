package scanner

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// Wire tests of the global unit's REST-XML services: S3 (whose
// GetBucketLocation has a deserializer of its own and whose bucket calls
// must be signed for the bucket's region) and CloudFront (IsTruncated and
// NextMarker paging).

// wireGlobalScan scans one global service against srv.
func wireGlobalScan(t *testing.T, srv *httptest.Server, service string) ([]inventory.Record, inventory.Coverage) {
	t.Helper()
	unit := inventory.Unit{AccountID: "111122223333", Region: spec.GlobalUnit, Services: []string{service}}
	res := testRunner().Scan(context.Background(), unit, wireConfig(srv))
	return recordsOf(res, service), coverageOf(t, res, service)
}

// signedRegion is the region of a SigV4 Authorization header's scope.
func signedRegion(r *http.Request) string {
	_, scope, _ := strings.Cut(r.Header.Get("Authorization"), "Credential=")
	parts := strings.Split(scope, "/")
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

func TestWireS3BucketsAndRegions(t *testing.T) {
	const ns = `xmlns="http://s3.amazonaws.com/doc/2006-03-01/"`
	page := func(name, token string) string {
		next := ""
		if token != "" {
			next = "<ContinuationToken>" + token + "</ContinuationToken>"
		}
		return `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult ` + ns + `><Owner><ID>abc123</ID></Owner><Buckets><Bucket><Name>` +
			name + `</Name><CreationDate>2019-12-11T23:32:47+00:00</CreationDate></Bucket></Buckets>` + next + `</ListAllMyBucketsResult>`
	}
	location := map[string]string{ // a legacy EU bucket, and one in us-east-1 (no constraint)
		"legacy-eu-archive": `<?xml version="1.0" encoding="UTF-8"?><LocationConstraint ` + ns + `>EU</LocationConstraint>`,
		"use1-assets":       `<?xml version="1.0" encoding="UTF-8"?><LocationConstraint ` + ns + `/>`,
	}
	region := map[string]string{"legacy-eu-archive": "eu-west-1", "use1-assets": "us-east-1"}

	var mu sync.Mutex
	var problems []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bucket, q := strings.Trim(r.URL.Path, "/"), r.URL.Query()
		w.Header().Set("Content-Type", "application/xml")
		switch {
		case bucket == "" && q.Get("continuation-token") == "":
			fmt.Fprint(w, page("legacy-eu-archive", "page-2"))
		case bucket == "":
			fmt.Fprint(w, page("use1-assets", ""))
		case q.Has("location"):
			fmt.Fprint(w, location[bucket])
		case q.Has("tagging"):
			if got := signedRegion(r); got != region[bucket] {
				mu.Lock()
				problems = append(problems, fmt.Sprintf("tags of %s signed for %s, want %s", bucket, got, region[bucket]))
				mu.Unlock()
			}
			if bucket == "use1-assets" {
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchTagSet</Code><Message>The TagSet does not exist</Message><BucketName>use1-assets</BucketName><RequestId>R1</RequestId><HostId>H1</HostId></Error>`)
				return
			}
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Tagging `+ns+`><TagSet><Tag><Key>Team</Key><Value>records</Value></Tag></TagSet></Tagging>`)
		default:
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	defer srv.Close()

	recs, cov := wireGlobalScan(t, srv, "s3")
	if cov.Status != inventory.StatusOK || cov.Calls != 6 { // 2 pages, 2 locations, 2 tag reads
		t.Fatalf("coverage %+v", cov)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	for _, rec := range recs {
		if rec.Region != region[rec.ID] {
			t.Errorf("%s in %s, want %s", rec.ID, rec.Region, region[rec.ID])
		}
	}
	if recs[0].Tags["Team"] != "records" || recs[1].Tags != nil {
		t.Errorf("tags %v and %v, want Team=records and none", recs[0].Tags, recs[1].Tags)
	}
}

func TestWireCloudFrontPagination(t *testing.T) {
	const ns = `xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"`
	dist := func(id, alias string) string {
		return `<DistributionSummary><Id>` + id + `</Id><ARN>arn:aws:cloudfront::111122223333:distribution/` + id + `</ARN>` +
			`<Status>Deployed</Status><LastModifiedTime>2024-11-22T10:00:00.000Z</LastModifiedTime><DomainName>d111111abcdef8.cloudfront.net</DomainName>` +
			`<Aliases><Quantity>1</Quantity><Items><CNAME>` + alias + `</CNAME></Items></Aliases>` +
			`<Origins><Quantity>2</Quantity><Items>` +
			`<Origin><Id>app</Id><DomainName>app.example.com</DomainName><OriginPath></OriginPath><CustomHeaders><Quantity>0</Quantity></CustomHeaders>` +
			`<CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>https-only</OriginProtocolPolicy></CustomOriginConfig></Origin>` +
			`<Origin><Id>assets</Id><DomainName>assets.s3.eu-west-1.amazonaws.com</DomainName><OriginPath></OriginPath><CustomHeaders><Quantity>0</Quantity></CustomHeaders>` +
			`<S3OriginConfig><OriginAccessIdentity></OriginAccessIdentity></S3OriginConfig></Origin></Items></Origins>` +
			`<DefaultCacheBehavior><TargetOriginId>app</TargetOriginId><ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>` +
			`<AllowedMethods><Quantity>3</Quantity><Items><Method>HEAD</Method><Method>GET</Method><Method>OPTIONS</Method></Items>` +
			`<CachedMethods><Quantity>2</Quantity><Items><Method>HEAD</Method><Method>GET</Method></Items></CachedMethods></AllowedMethods></DefaultCacheBehavior>` +
			`<WebACLId></WebACLId><HttpVersion>http2</HttpVersion><IsIPV6Enabled>true</IsIPV6Enabled><Enabled>true</Enabled><Staging>false</Staging></DistributionSummary>`
	}
	list := func(truncated bool, next, item string) string {
		marker := ""
		if next != "" {
			marker = "<NextMarker>" + next + "</NextMarker>"
		}
		return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><DistributionList %s><Marker></Marker>%s<MaxItems>100</MaxItems><IsTruncated>%t</IsTruncated><Quantity>1</Quantity><Items>%s</Items></DistributionList>`,
			ns, marker, truncated, item)
	}
	var mu sync.Mutex
	var markers []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		switch r.URL.Path {
		case "/2020-05-31/distribution":
			mu.Lock()
			markers = append(markers, r.URL.Query().Get("Marker"))
			mu.Unlock()
			if r.URL.Query().Get("Marker") == "" {
				fmt.Fprint(w, list(true, "EDFDVBD6EXAMPLE", dist("EDFDVBD6EXAMPLE", "www.example.com")))
				return
			}
			fmt.Fprint(w, list(false, "", dist("E2QWRUHEXAMPLE", "shop.example.com")))
		case "/2020-05-31/tagging":
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Tags `+ns+`><Items><Tag><Key>Name</Key><Value>web-cdn</Value></Tag></Items></Tags>`)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()

	recs, cov := wireGlobalScan(t, srv, "cloudfront")
	if cov.Status != inventory.StatusOK || cov.Calls != 4 {
		t.Fatalf("coverage %+v", cov)
	}
	if len(markers) != 2 || markers[1] != "EDFDVBD6EXAMPLE" {
		t.Errorf("list calls with markers %q, want the second to continue from the first's NextMarker", markers)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	checkColumns(t, recs, []columnCase{
		{"aliases", "E2QWRUHEXAMPLE", "CNAME", "shop.example.com"},
		{"origins", "EDFDVBD6EXAMPLE", "Origin Domain Name", "app.example.com, assets.s3.eu-west-1.amazonaws.com"},
		{"origin policies", "EDFDVBD6EXAMPLE", "Origin Protocol Policy", "https-only, match-viewer (S3 origin)"},
		{"allowed methods", "EDFDVBD6EXAMPLE", "Allowed HTTP Methods", "HEAD, GET, OPTIONS"},
		{"cached methods", "EDFDVBD6EXAMPLE", "Cached HTTP Methods", "HEAD, GET"},
	})
	if recs[0].Name != "web-cdn" {
		t.Errorf("name %q, want the Name tag", recs[0].Name)
	}
}
