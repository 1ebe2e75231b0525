package scanner

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"golang.org/x/sync/errgroup"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("target_group", scanTargetGroups)
}

// scanTargetGroups documents each target group with its load balancers
// (named from their ARNs, without another call) and its registered
// targets with their health, one DescribeTargetHealth call per group,
// fetched concurrently with the groups' tags. A group whose health or
// tags cannot be read is listed without them, its Registered Instances
// saying why (partial).
func scanTargetGroups(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := elb.NewFromConfig(s.cfg)
	var tgs []elbtypes.TargetGroup
	p := elb.NewDescribeTargetGroupsPaginator(client, &elb.DescribeTargetGroupsInput{PageSize: aws.Int32(elbPageSize)})
	if err := eachPage(ctx, "list target groups", p.HasMorePages, p.NextPage, func(out *elb.DescribeTargetGroupsOutput) {
		tgs = append(tgs, out.TargetGroups...)
	}); err != nil {
		return nil, err
	}
	arns := make([]string, len(tgs))
	for i, tg := range tgs {
		arns[i] = aws.ToString(tg.TargetGroupArn)
	}
	var tags map[string]map[string]string
	var targets map[string]string
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		tags, err = s.elbTags(gctx, client, arns)
		return err
	})
	g.Go(func() (err error) {
		targets, err = s.targetHealth(gctx, client, arns)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}

	var recs []inventory.Record
	for _, tg := range tgs {
		arn, name := aws.ToString(tg.TargetGroupArn), aws.ToString(tg.TargetGroupName)
		var lbs []string
		for _, lb := range tg.LoadBalancerArns {
			lbs = append(lbs, elbNameFromARN(lb))
		}
		recs = append(recs, s.record(arn, arn, name, tags[arn], columns{
			"Load Balancer": list(lbs), "TG Name": name, "Port": num(tg.Port), "Protocol": string(tg.Protocol),
			"Registered Instances": targets[arn], "Health Check Path": aws.ToString(tg.HealthCheckPath),
		}))
	}
	return recs, nil
}

// targetHealth returns, per target group ARN, its registered targets with
// their health state: "i-1:80 (healthy), i-2:80 (unhealthy)", or why they
// cannot be read (partial).
func (s *session) targetHealth(ctx context.Context, client *elb.Client, arns []string) (map[string]string, error) {
	health, err := detailEach(ctx, s, arns, func(ctx context.Context, arn string) (string, error) {
		res, err := client.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(arn)})
		if err != nil {
			return "", fail(err, "describe target health of "+targetGroupName(arn))
		}
		var shown []string
		for _, d := range res.TargetHealthDescriptions {
			if d.Target == nil {
				continue
			}
			state := ""
			if d.TargetHealth != nil {
				state = string(d.TargetHealth.State)
			}
			id := aws.ToString(d.Target.Id)
			if d.Target.Port != nil {
				id = fmt.Sprintf("%s:%d", id, *d.Target.Port)
			}
			shown = append(shown, withDetail(id, state))
		}
		return list(shown), nil
	})
	if err != nil {
		return nil, err
	}
	targets := make(map[string]string, len(arns))
	for i, arn := range arns {
		targets[arn] = health[i].or(asIs)
	}
	return targets, nil
}
