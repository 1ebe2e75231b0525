package spec

import (
	"slices"
	"testing"
)

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
	for _, key := range []string{"cloudfront", "route53", "s3", "s3_event_notification"} {
		if s, _ := Lookup(key); s.Scope != Global {
			t.Errorf("%s must be global (seed property: global resources always scanned)", key)
		}
	}
	// CLOUDFRONT web ACLs are global, REGIONAL ones are not; certificates
	// are regional (the plan adds us-east-1 for CloudFront's).
	if s, _ := Lookup("waf"); s.Scope != RegionalAndGlobal {
		t.Errorf("waf scope %s, want %s", s.Scope, RegionalAndGlobal)
	}
	if s, _ := Lookup("acm"); s.Scope != Regional {
		t.Errorf("acm scope %s, want %s", s.Scope, Regional)
	}
}

// A service of both scopes is scanned in both kinds of unit; every
// service is in at least one.
func TestByScope(t *testing.T) {
	regional, global := ByScope(Regional), ByScope(Global)
	if !slices.Contains(regional, "waf") || !slices.Contains(global, "waf") {
		t.Errorf("waf must be in both: regional %v, global %v", regional, global)
	}
	if slices.Contains(global, "acm") || !slices.Contains(regional, "acm") {
		t.Errorf("acm must be regional only: regional %v, global %v", regional, global)
	}
	for _, k := range Keys() {
		if !slices.Contains(regional, k) && !slices.Contains(global, k) {
			t.Errorf("%s is scanned in no unit", k)
		}
	}
}

// The read-only policy holds the unit's own calls and every service's, and
// every opt-in region is a region a task may select.
func TestReadActionsAndOptInRegions(t *testing.T) {
	actions := ReadActions()
	for _, a := range []string{"ec2:DescribeRegions", "wafv2:ListResourcesForWebACL", "cloudfront:ListDistributionsByWebACLId"} {
		if !slices.Contains(actions, a) {
			t.Errorf("ReadActions lacks %s", a)
		}
	}
	if !slices.IsSorted(actions) || len(slices.Compact(slices.Clone(actions))) != len(actions) {
		t.Errorf("ReadActions not sorted or not unique: %v", actions)
	}
	for _, r := range OptInRegions() {
		if !IsRegion(r) || !IsOptIn(r) {
			t.Errorf("opt-in region %s: IsRegion %v, IsOptIn %v", r, IsRegion(r), IsOptIn(r))
		}
	}
	for _, r := range []string{"us-east-1", "eu-west-1", GlobalRegion} {
		if IsOptIn(r) {
			t.Errorf("%s is a default region, not opt-in", r)
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
