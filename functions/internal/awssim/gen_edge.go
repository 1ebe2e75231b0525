package awssim

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

func init() { generateGlobal(50, "edge", genEdge) }

// apexDomains are the organisations' domains; an account serves one.
var apexDomains = []string{"acme-retail.com", "northwind.io", "contoso-travel.net", "globex.dev"}

// genEdge builds an account's edge: ACM certificates in us-east-1 (the
// ones CloudFront can use), WAF web ACLs of CLOUDFRONT scope, CloudFront
// distributions in front of S3 buckets and load balancers, protected by
// those ACLs, and Route 53 zones of the account's domain. The first of
// each has every attribute the column spec documents.
func genEdge(g *Gen, a *Account) {
	domain := Pick(g, apexDomains)
	genCertificates(g, a, domain)
	genWebACLs(g, a)
	genDistributions(g, a, domain)
	genHostedZones(g, a, domain)
}

// idUpper and idLower are the alphabets of CloudFront and Route 53 ids.
const (
	idUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	idLower = "abcdefghijklmnopqrstuvwxyz0123456789"
)

// randCode returns n characters of alphabet.
func randCode(g *Gen, n int, alphabet string) string {
	var b strings.Builder
	for range n {
		b.WriteByte(alphabet[g.Intn(len(alphabet))])
	}
	return b.String()
}

// uuid returns a random version-4-shaped UUID.
func uuid(g *Gen) string {
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", g.rng.Uint32(), g.rng.Uint32()&0xffff,
		g.rng.Uint32()&0xfff, 0x8000|g.rng.Uint32()&0x3fff, g.rng.Uint64()&0xffffffffffff)
}

func genCertificates(g *Gen, a *Account, domain string) {
	for i := range g.Count(4) {
		host := Pick(g, []string{"www", "shop", "api", "static", "media", "auth"})
		arn := fmt.Sprintf("arn:aws:acm:us-east-1:%s:certificate/%s", a.ID, uuid(g))
		c := acmtypes.CertificateDetail{
			CertificateArn: aws.String(arn), DomainName: aws.String(host + "." + domain),
			SubjectAlternativeNames: []string{host + "." + domain},
			Status:                  acmtypes.CertificateStatusIssued, Type: acmtypes.CertificateTypeAmazonIssued,
			KeyAlgorithm: acmtypes.KeyAlgorithmRsa2048, CertificateKeyPairOrigin: acmtypes.CertificateKeyPairOriginAwsManaged,
			CreatedAt: aws.Time(g.Time()), Issuer: aws.String("Amazon"), RenewalEligibility: acmtypes.RenewalEligibilityEligible,
		}
		switch {
		case i == 0:
			c.DomainName = aws.String("*." + domain) // a wildcard covering every site
			c.SubjectAlternativeNames = []string{"*." + domain, domain}
		case i == 1:
			// ECDSA: ListCertificates leaves it out unless asked for its key type.
			c.KeyAlgorithm = acmtypes.KeyAlgorithmEcPrime256v1
		case i == 2:
			c.Type, c.Issuer = acmtypes.CertificateTypeImported, aws.String("DigiCert Inc")
			c.KeyAlgorithm, c.RenewalEligibility = acmtypes.KeyAlgorithmRsa4096, acmtypes.RenewalEligibilityIneligible
			c.CertificateKeyPairOrigin = acmtypes.CertificateKeyPairOriginCustomerProvided
		case g.Chance(0.3):
			c.Status = acmtypes.CertificateStatusPendingValidation
		}
		tagByARN(&a.Global.TagsByARN, arn, standardTags(g, aws.ToString(c.DomainName)))
		a.Global.Certificates = append(a.Global.Certificates, c)
	}
}

// managedRuleGroups are the AWS managed rule groups web ACLs start from.
var managedRuleGroups = []string{
	"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet",
	"AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesBotControlRuleSet",
}

func genWebACLs(g *Gen, a *Account) {
	for i := range g.Count(4) {
		name, id := g.Name("cdn-waf", i), uuid(g)
		arn := fmt.Sprintf("arn:aws:wafv2:us-east-1:%s:global/webacl/%s/%s", a.ID, name, id)
		acl := waftypes.WebACL{
			Name: aws.String(name), Id: aws.String(id), ARN: aws.String(arn),
			Description:      aws.String("Protects the " + envOf(name) + " CloudFront distributions"),
			DefaultAction:    &waftypes.DefaultAction{Allow: &waftypes.AllowAction{}},
			VisibilityConfig: &waftypes.VisibilityConfig{CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: aws.String(name)},
			LabelNamespace:   aws.String("awswaf:" + a.ID + ":webacl:" + name + ":"),
		}
		n := 1 + g.Intn(len(managedRuleGroups))
		if i == 0 {
			n = len(managedRuleGroups)
		}
		for k, group := range managedRuleGroups[:n] {
			acl.Rules = append(acl.Rules, waftypes.Rule{
				Name: aws.String("AWS-" + group), Priority: int32(k),
				Statement:        &waftypes.Statement{ManagedRuleGroupStatement: &waftypes.ManagedRuleGroupStatement{VendorName: aws.String("AWS"), Name: aws.String(group)}},
				OverrideAction:   &waftypes.OverrideAction{None: &waftypes.NoneAction{}},
				VisibilityConfig: &waftypes.VisibilityConfig{CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: aws.String(group)},
			})
		}
		acl.Rules = append(acl.Rules, waftypes.Rule{
			Name: aws.String("rate-limit"), Priority: int32(n),
			Statement:        &waftypes.Statement{RateBasedStatement: &waftypes.RateBasedStatement{Limit: aws.Int64(2000), AggregateKeyType: waftypes.RateBasedStatementAggregateKeyTypeIp}},
			Action:           &waftypes.RuleAction{Block: &waftypes.BlockAction{}},
			VisibilityConfig: &waftypes.VisibilityConfig{CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: aws.String("rate-limit")},
		})
		acl.Capacity = int64(700*n + 2)
		tagByARN(&a.Global.TagsByARN, arn, standardTags(g, name))
		a.Global.WebACLs = append(a.Global.WebACLs, WebACL{ACL: acl, LockToken: uuid(g)})
	}
}

// allMethods and readMethods are CloudFront's two usual method sets.
var (
	allMethods  = []cftypes.Method{"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"}
	readMethods = []cftypes.Method{"GET", "HEAD"}
)

func genDistributions(g *Gen, a *Account, domain string) {
	lbs := loadBalancerDNS(a)
	for i := range g.Count(4) {
		id := "E" + randCode(g, 13, idUpper)
		arn := fmt.Sprintf("arn:aws:cloudfront::%s:distribution/%s", a.ID, id)
		site := Pick(g, []string{"www", "shop", "static", "media", "docs"})
		var origins []cftypes.Origin
		if len(a.Global.Buckets) > 0 {
			b := a.Global.Buckets[g.Intn(len(a.Global.Buckets))]
			origins = append(origins, cftypes.Origin{
				Id: aws.String("s3-" + b.Name), DomainName: aws.String(b.Name + ".s3." + b.Region + ".amazonaws.com"),
				S3OriginConfig: &cftypes.S3OriginConfig{OriginAccessIdentity: aws.String("")}, OriginAccessControlId: aws.String(randCode(g, 14, idUpper)),
				OriginPath: aws.String(""), ConnectionAttempts: aws.Int32(3), ConnectionTimeout: aws.Int32(10),
			})
		}
		if i == 0 || len(origins) == 0 || g.Chance(0.5) {
			host := "origin." + domain
			if len(lbs) > 0 {
				host = Pick(g, lbs)
			}
			policy := cftypes.OriginProtocolPolicyHttpsOnly
			if i > 0 && g.Chance(0.3) {
				policy = cftypes.OriginProtocolPolicyMatchViewer
			}
			// The application origin serves the default behaviour.
			origins = append([]cftypes.Origin{{
				Id: aws.String("app"), DomainName: aws.String(host), OriginPath: aws.String(""),
				CustomOriginConfig: &cftypes.CustomOriginConfig{
					HTTPPort: aws.Int32(80), HTTPSPort: aws.Int32(443), OriginProtocolPolicy: policy,
					OriginReadTimeout: aws.Int32(30), OriginKeepaliveTimeout: aws.Int32(5),
				},
				ConnectionAttempts: aws.Int32(3), ConnectionTimeout: aws.Int32(10),
			}}, origins...)
		}
		methods, cached := allMethods, readMethods
		if origins[0].S3OriginConfig != nil {
			methods = readMethods
		}
		viewer := cftypes.ViewerProtocolPolicyRedirectToHttps
		if i > 0 && g.Chance(0.3) {
			viewer = Pick(g, []cftypes.ViewerProtocolPolicy{cftypes.ViewerProtocolPolicyHttpsOnly, cftypes.ViewerProtocolPolicyAllowAll})
		}
		d := cftypes.DistributionSummary{
			Id: aws.String(id), ARN: aws.String(arn), DomainName: aws.String("d" + randCode(g, 13, idLower) + ".cloudfront.net"),
			Status: aws.String("Deployed"), Enabled: aws.Bool(true), Comment: aws.String(site + "." + domain),
			LastModifiedTime: aws.Time(g.Time()), HttpVersion: cftypes.HttpVersionHttp2and3, IsIPV6Enabled: aws.Bool(true),
			PriceClass: Pick(g, []cftypes.PriceClass{cftypes.PriceClassPriceClass100, cftypes.PriceClassPriceClassAll}),
			Staging:    aws.Bool(false), Aliases: &cftypes.Aliases{Quantity: aws.Int32(0)},
			Origins: &cftypes.Origins{Items: origins, Quantity: aws.Int32(int32(len(origins)))},
			DefaultCacheBehavior: &cftypes.DefaultCacheBehavior{
				TargetOriginId: origins[0].Id, ViewerProtocolPolicy: viewer, Compress: aws.Bool(true),
				CachePolicyId: aws.String("658327ea-f89d-4fab-a63d-7e88639e58f6"), // Managed-CachingOptimized
				AllowedMethods: &cftypes.AllowedMethods{
					Items: methods, Quantity: aws.Int32(int32(len(methods))),
					CachedMethods: &cftypes.CachedMethods{Items: cached, Quantity: aws.Int32(int32(len(cached)))},
				},
			},
			ViewerCertificate: &cftypes.ViewerCertificate{CloudFrontDefaultCertificate: aws.Bool(true)},
		}
		if cert := issuedCertificate(a); i == 0 || (cert != "" && g.Chance(0.7)) {
			aliases := []string{site + "." + domain}
			if i == 0 {
				aliases = append(aliases, domain)
			}
			d.Aliases = &cftypes.Aliases{Items: aliases, Quantity: aws.Int32(int32(len(aliases)))}
			d.ViewerCertificate = &cftypes.ViewerCertificate{
				ACMCertificateArn: aws.String(cert), SSLSupportMethod: cftypes.SSLSupportMethodSniOnly,
				MinimumProtocolVersion: cftypes.MinimumProtocolVersionTLSv122021,
			}
		}
		if acls := a.Global.WebACLs; len(acls) > 0 && (i == 0 || g.Chance(0.6)) {
			// The first ACL protects most distributions, so it lists several.
			k := 0
			if i > 0 && g.Chance(0.4) {
				k = g.Intn(len(acls))
			}
			d.WebACLId = acls[k].ACL.ARN
			acls[k].Resources = append(acls[k].Resources, arn)
		} else {
			d.WebACLId = aws.String("")
		}
		tagByARN(&a.Global.TagsByARN, arn, standardTags(g, envPrefix(g)+"-"+site+"-cdn"))
		a.Global.Distributions = append(a.Global.Distributions, d)
	}
}

// envPrefix returns a generated name's environment prefix.
func envPrefix(g *Gen) string { return strings.SplitN(g.Name("x", 0), "-", 2)[0] }

// issuedCertificate returns the ARN of the account's first issued
// certificate, which its distributions use.
func issuedCertificate(a *Account) string {
	for _, c := range a.Global.Certificates {
		if c.Status == acmtypes.CertificateStatusIssued {
			return aws.ToString(c.CertificateArn)
		}
	}
	return ""
}

// loadBalancerDNS returns the DNS names of the account's internet-facing
// load balancers, in region order: CloudFront's application origins.
func loadBalancerDNS(a *Account) []string {
	var out []string
	for _, rn := range slices.Sorted(maps.Keys(a.Regions)) {
		for _, lb := range a.Regions[rn].LoadBalancers {
			if lb.Scheme == "internet-facing" && lb.DNSName != nil {
				out = append(out, *lb.DNSName)
			}
		}
	}
	return out
}

func genHostedZones(g *Gen, a *Account, domain string) {
	names := []string{domain, "internal." + domain, "staging." + domain, "corp." + domain, "legacy-" + domain}
	for i := range min(len(names), g.Count(4)) {
		name := names[i] + "."
		private := strings.HasPrefix(name, "internal.") || strings.HasPrefix(name, "corp.")
		z := HostedZone{
			Zone: r53types.HostedZone{
				Id: aws.String("/hostedzone/Z" + randCode(g, 20, idUpper)), Name: aws.String(name),
				CallerReference: aws.String(uuid(g)),
				Config:          &r53types.HostedZoneConfig{PrivateZone: private, Comment: aws.String("Managed by Terraform")},
			},
			Tags: tagList(standardTags(g, strings.TrimSuffix(name, ".")), func(k, v *string) r53types.Tag { return r53types.Tag{Key: k, Value: v} }),
		}
		z.Records = append(z.Records,
			r53types.ResourceRecordSet{Name: aws.String(name), Type: r53types.RRTypeSoa, TTL: aws.Int64(900)},
			r53types.ResourceRecordSet{Name: aws.String(name), Type: r53types.RRTypeNs, TTL: aws.Int64(172800)},
		)
		for k := range 2 + g.Intn(40) {
			host := fmt.Sprintf("%s%d.%s", Pick(g, []string{"app", "api", "db", "mail", "vpn", "git"}), k+1, name)
			z.Records = append(z.Records, r53types.ResourceRecordSet{
				Name: aws.String(host), Type: Pick(g, []r53types.RRType{r53types.RRTypeA, r53types.RRTypeCname, r53types.RRTypeTxt}),
				TTL: aws.Int64(300), ResourceRecords: []r53types.ResourceRecord{{Value: aws.String(g.PublicIP())}},
			})
		}
		z.Zone.ResourceRecordSetCount = aws.Int64(int64(len(z.Records)))
		a.Global.HostedZones = append(a.Global.HostedZones, z)
	}
}
