package scanner

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("elb", scanLoadBalancers)
}

// ELBv2's largest page, and the most ARNs DescribeTags accepts.
const (
	elbPageSize = 400
	elbTagBatch = 20
)

// scanLoadBalancers documents application, network and gateway load
// balancers (ELBv2), with their tags fetched 20 at a time.
func scanLoadBalancers(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := elb.NewFromConfig(s.cfg)
	var lbs []elbtypes.LoadBalancer
	p := elb.NewDescribeLoadBalancersPaginator(client, &elb.DescribeLoadBalancersInput{PageSize: aws.Int32(elbPageSize)})
	if err := eachPage(ctx, "list load balancers", p.HasMorePages, p.NextPage, func(out *elb.DescribeLoadBalancersOutput) {
		lbs = append(lbs, out.LoadBalancers...)
	}); err != nil {
		return nil, err
	}
	arns := make([]string, len(lbs))
	for i, lb := range lbs {
		arns[i] = aws.ToString(lb.LoadBalancerArn)
	}
	tags, err := s.elbTags(ctx, client, arns)
	if err != nil {
		return nil, err
	}
	var recs []inventory.Record
	for _, lb := range lbs {
		arn, name := aws.ToString(lb.LoadBalancerArn), aws.ToString(lb.LoadBalancerName)
		var zones, subnets []string
		for _, z := range lb.AvailabilityZones {
			zones, subnets = append(zones, aws.ToString(z.ZoneName)), append(subnets, aws.ToString(z.SubnetId))
		}
		rec := s.record(arn, arn, name, tags[arn], columns{
			"Name": name, "Type": string(lb.Type), "DNS": aws.ToString(lb.DNSName), "Scheme": string(lb.Scheme),
			"VPC": aws.ToString(lb.VpcId), "Availability Zones": list(zones), "Subnet": list(subnets),
			"Security Groups": list(lb.SecurityGroups),
		})
		rec.Net = placed(inventory.Net{VPC: aws.ToString(lb.VpcId), Subnets: subnets})
		recs = append(recs, rec)
	}
	return recs, nil
}

// elbTags returns the tags of load balancers or target groups by ARN,
// read 20 at a time. A batch whose tags cannot be read leaves its
// resources without tags (partial).
func (s *session) elbTags(ctx context.Context, client *elb.Client, arns []string) (map[string]map[string]string, error) {
	batches := slices.Collect(slices.Chunk(arns, elbTagBatch))
	sets, err := detailEach(ctx, s, batches, func(ctx context.Context, batch []string) ([]elbtypes.TagDescription, error) {
		res, err := client.DescribeTags(ctx, &elb.DescribeTagsInput{ResourceArns: batch})
		if err != nil {
			return nil, fail(err, "describe tags")
		}
		return res.TagDescriptions, nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[string]string, len(arns))
	for _, set := range sets {
		for _, d := range set.val {
			out[aws.ToString(d.ResourceArn)] = tagsOf(d.Tags, func(t elbtypes.Tag) (*string, *string) { return t.Key, t.Value })
		}
	}
	return out, nil
}

// elbNameFromARN returns the name inside an ELBv2 ARN:
// ".../loadbalancer/app/<name>/<id>" or ".../targetgroup/<name>/<id>".
func elbNameFromARN(arn string) string {
	_, res, ok := strings.Cut(arn, ":loadbalancer/")
	if ok {
		if parts := strings.Split(res, "/"); len(parts) >= 2 {
			return parts[1]
		}
	}
	return targetGroupName(arn)
}

// targetGroupName returns the name inside a target group ARN.
func targetGroupName(arn string) string {
	if _, res, ok := strings.Cut(arn, ":targetgroup/"); ok {
		name, _, _ := strings.Cut(res, "/")
		return name
	}
	return arn
}
