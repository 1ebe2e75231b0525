package awssim

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

// After the global edge (50): the account's domain is its first hosted
// zone's.
func init() { generateRegional(55, "regional-edge", genRegionalEdge) }

// genRegionalEdge builds a region's edge: the ACM certificates its load
// balancers and API stages serve, and WAF web ACLs of REGIONAL scope
// protecting its application load balancers (each at most one, as AWS
// allows), an API Gateway stage, a Cognito user pool. The first web ACL
// protects a load balancer and an API stage, so every column has
// something to show.
func genRegionalEdge(g *Gen, a *Account, r *Region) {
	domain := "example.com"
	if len(a.Global.HostedZones) > 0 {
		domain = strings.TrimSuffix(aws.ToString(a.Global.HostedZones[0].Zone.Name), ".")
	}
	genRegionalCertificates(g, r, domain)
	genRegionalWebACLs(g, r)
}

func genRegionalCertificates(g *Gen, r *Region, domain string) {
	for i := range g.Count(4) {
		host := Pick(g, []string{"api", "app", "internal", "admin", "grpc"}) + "." + r.Name
		arn := g.ARN("acm", "certificate/"+uuid(g))
		c := acmtypes.CertificateDetail{
			CertificateArn: aws.String(arn), DomainName: aws.String(host + "." + domain),
			SubjectAlternativeNames: []string{host + "." + domain},
			Status:                  acmtypes.CertificateStatusIssued, Type: acmtypes.CertificateTypeAmazonIssued,
			KeyAlgorithm: acmtypes.KeyAlgorithmRsa2048, CertificateKeyPairOrigin: acmtypes.CertificateKeyPairOriginAwsManaged,
			CreatedAt: aws.Time(g.Time()), Issuer: aws.String("Amazon"), RenewalEligibility: acmtypes.RenewalEligibilityEligible,
		}
		if i == 1 {
			c.KeyAlgorithm = acmtypes.KeyAlgorithmEcPrime256v1 // left out unless asked for
		}
		tagByARN(&r.TagsByARN, arn, standardTags(g, aws.ToString(c.DomainName)))
		r.Certificates = append(r.Certificates, c)
	}
}

func genRegionalWebACLs(g *Gen, r *Region) {
	n := g.Count(4)
	var acls []WebACL
	for i := range n {
		name, id := g.Name("app-waf", i), uuid(g)
		arn := g.ARN("wafv2", "regional/webacl/"+name+"/"+id)
		acl := waftypes.WebACL{
			Name: aws.String(name), Id: aws.String(id), ARN: aws.String(arn),
			Description:      aws.String("Protects the " + envOf(name) + " applications of " + r.Name),
			DefaultAction:    &waftypes.DefaultAction{Allow: &waftypes.AllowAction{}},
			VisibilityConfig: &waftypes.VisibilityConfig{CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: aws.String(name)},
			LabelNamespace:   aws.String("awswaf:" + g.Account + ":webacl:" + name + ":"),
		}
		rules := 1 + g.Intn(len(managedRuleGroups))
		for k, group := range managedRuleGroups[:rules] {
			acl.Rules = append(acl.Rules, waftypes.Rule{
				Name: aws.String("AWS-" + group), Priority: int32(k),
				Statement:        &waftypes.Statement{ManagedRuleGroupStatement: &waftypes.ManagedRuleGroupStatement{VendorName: aws.String("AWS"), Name: aws.String(group)}},
				OverrideAction:   &waftypes.OverrideAction{None: &waftypes.NoneAction{}},
				VisibilityConfig: &waftypes.VisibilityConfig{CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: aws.String(group)},
			})
		}
		acl.Capacity = int64(700 * rules)
		tagByARN(&r.TagsByARN, arn, standardTags(g, name))
		acls = append(acls, WebACL{ACL: acl, LockToken: uuid(g)})
	}
	// Each application load balancer is protected by one web ACL or none.
	k := 0
	for _, lb := range r.LoadBalancers {
		if lb.Type != elbtypes.LoadBalancerTypeEnumApplication || (k > 0 && g.Chance(0.3)) {
			continue
		}
		acls[k%n].Resources = append(acls[k%n].Resources, aws.ToString(lb.LoadBalancerArn))
		k++
	}
	acls[0].Resources = append(acls[0].Resources,
		fmt.Sprintf("arn:aws:apigateway:%s::/restapis/%s/stages/prod", r.Name, randCode(g, 10, idLower)))
	if n > 1 {
		acls[1].Resources = append(acls[1].Resources,
			g.ARN("cognito-idp", fmt.Sprintf("userpool/%s_%s", r.Name, randCode(g, 9, idUpper+idLower))))
	}
	r.WebACLs = acls
}
