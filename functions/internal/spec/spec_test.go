package spec

import "testing"

func TestSpecIsComplete(t *testing.T) {
	all := All()
	if len(all) != 31 {
		t.Fatalf("services = %d, want 31 (the seed's SERVICE_CONFIG)", len(all))
	}
	seen := map[string]bool{}
	lastFamily := -1
	for _, s := range all {
		if seen[s.Key] {
			t.Errorf("duplicate key %s", s.Key)
		}
		seen[s.Key] = true
		if len(s.Columns) == 0 || s.ResourceType == "" || s.Title == "" {
			t.Errorf("%s: incomplete entry", s.Key)
		}
		if s.Layout != Horizontal && s.Layout != Vertical {
			t.Errorf("%s: layout %q", s.Key, s.Layout)
		}
		fi := -1
		for i, f := range Families {
			if f == s.Family {
				fi = i
			}
		}
		if fi < lastFamily {
			t.Errorf("%s: family %s out of report order", s.Key, s.Family)
		}
		lastFamily = fi
	}
	for _, key := range []string{"cloudfront", "route53", "acm", "waf", "s3"} {
		if s, _ := Lookup(key); s.Scope != Global {
			t.Errorf("%s must be global (seed property: global resources always scanned)", key)
		}
	}
}

func TestParseKeys(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    int
		wantErr bool
	}{
		{"", 31, false},
		{"vpc,ec2", 2, false},
		{"ec2, vpc ,ec2", 2, false},
		{"vpc,mars", 0, true},
	} {
		got, err := ParseKeys(tc.in)
		if (err != nil) != tc.wantErr || len(got) != tc.want {
			t.Errorf("ParseKeys(%q) = %v, %v", tc.in, got, err)
		}
	}
	if got, _ := ParseKeys("ec2,vpc"); got[0] != "vpc" {
		t.Errorf("keys not in report order: %v", got)
	}
}

func TestLookupReturnsCopy(t *testing.T) {
	s, _ := Lookup("vpc")
	s.Columns[0] = "changed"
	if again, _ := Lookup("vpc"); again.Columns[0] != "Region" {
		t.Fatal("Lookup leaked the spec's backing array")
	}
}
