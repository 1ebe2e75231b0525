package localapp

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// TestReportListsChangesSinceThePreviousScan scans the demo production
// account, changes the simulated estate (a VPC added, one removed, a
// subnet's CIDR changed), scans again, and reads the second report's
// "Changes since the previous scan" section.
func TestReportListsChangesSinceThePreviousScan(t *testing.T) {
	c := asAdmin(t)
	prod := demoCredentials(t, c)[0]
	var cred domain.PublicCredential
	c.get("/api/credentials/detail?id="+prod).decode(t, &cred)
	body := taskBody("before the change", []string{prod}, []string{"eu-west-1"})
	first := waitTask(t, c, createTask(t, c, body).ID, 3*time.Minute)
	if first.Status != domain.TaskCompleted {
		t.Fatalf("first scan: %s", first.Status)
	}

	r := stack.Demo.Estate().Account(cred.AccountID).Region("eu-west-1")
	if len(r.Vpcs) < 2 || len(r.Subnets) < 1 {
		t.Fatalf("the demo estate has %d VPCs and %d subnets", len(r.Vpcs), len(r.Subnets))
	}
	vpcs, subnet := r.Vpcs, r.Subnets[0]
	removed := aws.ToString(r.Vpcs[len(r.Vpcs)-1].VpcId)
	added := r.Vpcs[0]
	added.VpcId, added.CidrBlock, added.Tags = aws.String("vpc-0added0000000001"), aws.String("10.250.0.0/16"), nil
	r.Vpcs = append(append([]ec2types.Vpc{}, r.Vpcs[:len(r.Vpcs)-1]...), added)
	r.Subnets[0].CidrBlock = aws.String("10.99.0.0/24")
	defer func() { r.Vpcs, r.Subnets[0] = vpcs, subnet }()

	body["name"] = "after the change"
	second := waitTask(t, c, createTask(t, c, body).ID, 3*time.Minute)
	var dl struct{ URL string }
	c.get("/api/reports/download?id="+second.ReportID).decode(t, &dl)
	resp, err := http.Get(dl.URL)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			doc = regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(b), " ")
		}
	}
	// The section: from its heading (the last mention; the first is the
	// table of contents) to the coverage appendix.
	i := strings.LastIndex(doc, "Changes since the previous scan")
	j := strings.LastIndex(doc, "Appendix A")
	if i < 0 || j < i {
		t.Fatal("no changes section")
	}
	changes := doc[i:j]
	for _, want := range []string{"vpc-0added0000000001", removed, aws.ToString(subnet.SubnetId), "10.99.0.0/24", "before the change"} {
		if !strings.Contains(changes, want) {
			t.Errorf("the changes section does not mention %q", want)
		}
	}
}
