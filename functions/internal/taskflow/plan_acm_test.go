package taskflow

import (
	"slices"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// ACM is regional; CloudFront's certificates live in us-east-1. A task
// that scans both gets one ACM-only us-east-1 unit per account when its
// regions leave us-east-1 out, and none otherwise. WAF, of both scopes, is
// in the regional units and the global one.
func TestCloudFrontCertificatesUnit(t *testing.T) {
	creds := []domain.Credential{{ID: "c1", AccountID: "111111111111"}}
	for _, tc := range []struct {
		name     string
		regions  []string
		services []string
		want     []string // region:services of each unit ("" services: all of its scope)
	}{
		{"all services, us-east-1 not selected", []string{"eu-west-1"}, nil, []string{"eu-west-1:", "us-east-1:acm", "global:"}},
		{"all services, us-east-1 selected", []string{"us-east-1", "eu-west-1"}, nil, []string{"us-east-1:", "eu-west-1:", "global:"}},
		{"cloudfront and acm", []string{"eu-west-1"}, []string{"cloudfront", "acm"}, []string{"eu-west-1:acm", "us-east-1:acm", "global:cloudfront"}},
		{"acm without cloudfront", []string{"eu-west-1"}, []string{"acm"}, []string{"eu-west-1:acm"}},
		{"cloudfront without acm", []string{"eu-west-1"}, []string{"cloudfront"}, []string{"global:cloudfront"}},
		{"waf in both kinds of unit", []string{"eu-west-1"}, []string{"waf"}, []string{"eu-west-1:waf", "global:waf"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			units := Units(&domain.Task{ID: "t", Regions: tc.regions, Services: tc.services}, creds, nil)
			var got []string
			for _, u := range units {
				got = append(got, u.Region+":"+strings.Join(u.Services, ","))
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("units %v, want %v", got, tc.want)
			}
		})
	}
}
