package report

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func TestFileName(t *testing.T) {
	day := time.Date(2025, 5, 6, 15, 4, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		meta Metadata
		want string
	}{
		{"plain", Metadata{ClientName: "Acme Corp", ProjectName: "Landing Zone", Date: day, Version: "1.2"}, "Acme-Corp_Landing-Zone_2025-05-06_v1.2.docx"},
		{"separators and forbidden characters", Metadata{ClientName: `A/B\C:D*E?"F<G>H|`, ProjectName: "x", Date: day, Version: "v2.0"}, "A-B-C-D-E-F-G-H_x_2025-05-06_v2.0.docx"},
		{"letters of any script", Metadata{ClientName: "Société Générale", ProjectName: "東京", Date: day, Version: "1.0"}, "Société-Générale_東京_2025-05-06_v1.0.docx"},
		{"no trailing dots or spaces", Metadata{ClientName: "Acme Inc. ", ProjectName: "..", Date: day}, "Acme-Inc_2025-05-06.docx"},
		{"control characters", Metadata{ClientName: "a\x00b\nc", Date: day}, "a-b-c_2025-05-06.docx"},
		{"reserved device name", Metadata{ClientName: "CON"}, "report-CON.docx"},
		{"nothing", Metadata{}, "report.docx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FileName(tc.meta); got != tc.want {
				t.Fatalf("FileName = %q, want %q", got, tc.want)
			}
		})
	}
	long := FileName(Metadata{ClientName: strings.Repeat("é", 300), ProjectName: strings.Repeat("p", 300), Date: day, Version: "1.0"})
	if len(long) > 200 || !utf8.ValidString(long) {
		t.Fatalf("long names are cut to a safe length: %d bytes, valid %v", len(long), utf8.ValidString(long))
	}
}

func TestNextVersion(t *testing.T) {
	for _, tc := range []struct {
		last string
		n    int
		want string
	}{
		{"", 0, "1.0"},
		{"1.0", 1, "1.1"},
		{"v2.9", 3, "2.10"},
		{"draft", 4, "5.0"},
	} {
		revs := make([]Revision, tc.n)
		if tc.n > 0 {
			revs[tc.n-1].Version = tc.last
		}
		if got := NextVersion(revs); got != tc.want {
			t.Errorf("NextVersion after %q = %q, want %q", tc.last, got, tc.want)
		}
	}
}

func TestSpillCodecRoundTrips(t *testing.T) {
	in := []spilled{
		{Unit: "global", Record: inventory.Record{Service: "s3", ResourceType: "Bucket", AccountID: "1", Region: "global", ID: "b",
			ARN: "arn:aws:s3:::b", Name: "b\nwith é", Tags: map[string]string{"env": "prod"}, Columns: map[string]string{"Bucket Name": "b", "": ""}}},
		{Unit: "eu-west-1", Record: inventory.Record{Service: "vpc", ID: "vpc-1"}},
	}
	var buf []byte
	for _, s := range in {
		buf = appendSpilled(buf, s)
	}
	dec := spillDecoder{buf: buf}
	var out []spilled
	for dec.more() {
		s, err := dec.next()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip changed the records:\n%+v\n%+v", in, out)
	}
	cut := spillDecoder{buf: buf[:len(buf)-3]}
	if _, err := cut.next(); err != nil {
		t.Fatalf("the first record is whole: %v", err)
	}
	if _, err := cut.next(); err == nil {
		t.Fatal("a cut record decodes")
	}
}
