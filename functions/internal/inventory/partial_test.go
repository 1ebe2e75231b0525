package inventory

import (
	"bytes"
	"compress/gzip"
	"io"
	"slices"
	"testing"
)

func decompressed(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A partial service completed with warnings: not failed, not OK, counted
// apart in the summary, and its failed calls survive the result file.
func TestPartialIsCompletedWithWarnings(t *testing.T) {
	partial := Coverage{Service: "waf", Status: StatusPartial, Resources: 3,
		PartialCalls: []string{"cloudfront:ListDistributionsByWebACLId (AccessDenied)"}}
	if partial.Failed() || !partial.Partial() {
		t.Fatalf("partial: Failed %v, Partial %v; want false, true", partial.Failed(), partial.Partial())
	}
	for _, s := range []Status{StatusOK, StatusAccessDenied, StatusError, StatusSkipped, StatusExcluded} {
		if (Coverage{Status: s}).Partial() {
			t.Errorf("%s is not partial", s)
		}
	}
	res := &Result{Unit: &Unit{TaskID: "t", AccountID: "123456789012", Region: "global"}, Records: []Record{},
		Coverage: []Coverage{{Service: "s3", Status: StatusOK}, partial, {Service: "route53", Status: StatusAccessDenied}}}
	sum := res.Summarize()
	if sum.ServicesOK != 1 || !slices.Equal(sum.ServicesPartial, []string{"waf"}) || !slices.Equal(sum.ServicesFailed, []string{"route53"}) ||
		sum.Statuses[StatusPartial] != 1 {
		t.Fatalf("summary %+v", sum)
	}
	var buf bytes.Buffer
	if err := Encode(&buf, res); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(decompressed(t, buf.Bytes()), []byte(`"partial":["cloudfront:ListDistributionsByWebACLId (AccessDenied)"]`)) {
		t.Error("the result file does not carry the partial calls as \"partial\"")
	}
	out, err := Decode(&buf)
	if err != nil || !slices.Equal(out.Coverage[1].PartialCalls, partial.PartialCalls) {
		t.Fatalf("round trip: %v, %+v", err, out)
	}
	if !slices.Contains(Status("").EnumValues(), string(StatusPartial)) {
		t.Error("the API's status enum lacks partial")
	}
}
