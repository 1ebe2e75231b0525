package scanner

import (
	"context"
	"slices"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"golang.org/x/sync/errgroup"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("autoscaling", scanAutoScaling,
		"autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribePolicies",
		"autoscaling:DescribeLaunchConfigurations", "ec2:DescribeLaunchTemplateVersions")
}

// Auto Scaling's largest pages; DescribeLaunchConfigurations takes at most
// 50 names per call.
const (
	asPageSize  = 100
	asNamesPage = 50
)

// launchSpec is what an Auto Scaling group launches, from its launch
// template version or its legacy launch configuration.
type launchSpec struct{ label, ami, instanceType, key string }

// scanAutoScaling lists groups and policies concurrently, then resolves
// each distinct launch template version (one EC2 call each) and the
// launch configurations in use (batches of 50).
func scanAutoScaling(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := autoscaling.NewFromConfig(s.cfg)
	var groups []astypes.AutoScalingGroup
	policies := map[string][]string{}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		p := autoscaling.NewDescribeAutoScalingGroupsPaginator(client, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(asPageSize)})
		return eachPage(gctx, "list Auto Scaling groups", p.HasMorePages, p.NextPage, func(out *autoscaling.DescribeAutoScalingGroupsOutput) {
			groups = append(groups, out.AutoScalingGroups...)
		})
	})
	g.Go(func() error {
		p := autoscaling.NewDescribePoliciesPaginator(client, &autoscaling.DescribePoliciesInput{MaxRecords: aws.Int32(asPageSize)})
		return eachPage(gctx, "list scaling policies", p.HasMorePages, p.NextPage, func(out *autoscaling.DescribePoliciesOutput) {
			for _, p := range out.ScalingPolicies {
				name := aws.ToString(p.AutoScalingGroupName)
				policies[name] = append(policies[name], withDetail(aws.ToString(p.PolicyName), aws.ToString(p.PolicyType)))
			}
		})
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	launches, err := s.launchSpecs(ctx, client, groups)
	if err != nil {
		return nil, err
	}

	var recs []inventory.Record
	for _, grp := range groups {
		name := aws.ToString(grp.AutoScalingGroupName)
		tags := tagsOf(grp.Tags, func(t astypes.TagDescription) (*string, *string) { return t.Key, t.Value })
		l := launches[launchKey(grp)]
		var tgs []string
		for _, arn := range grp.TargetGroupARNs {
			tgs = append(tgs, targetGroupName(arn))
		}
		recs = append(recs, s.record(aws.ToString(grp.AutoScalingGroupARN), aws.ToString(grp.AutoScalingGroupARN), name, tags, columns{
			"Name": name, "Launch Template": l.label, "AMI": l.ami, "Instance type": l.instanceType, "Key": l.key,
			"Target Groups": list(tgs), "Desired": num(grp.DesiredCapacity), "Min": num(grp.MinSize), "Max": num(grp.MaxSize),
			"Scaling Policy": list(policies[name]),
		}))
	}
	return recs, nil
}

// launchTemplateOf returns the group's launch template, direct or inside a
// mixed instances policy.
func launchTemplateOf(grp astypes.AutoScalingGroup) *astypes.LaunchTemplateSpecification {
	if grp.LaunchTemplate != nil {
		return grp.LaunchTemplate
	}
	if m := grp.MixedInstancesPolicy; m != nil && m.LaunchTemplate != nil {
		return m.LaunchTemplate.LaunchTemplateSpecification
	}
	return nil
}

// launchKey identifies what a group launches: "lt:<id>:<version>" or
// "lc:<name>".
func launchKey(grp astypes.AutoScalingGroup) string {
	if lt := launchTemplateOf(grp); lt != nil {
		return "lt:" + aws.ToString(lt.LaunchTemplateId) + ":" + aws.ToString(lt.Version)
	}
	return "lc:" + aws.ToString(grp.LaunchConfigurationName)
}

// launchSpecs resolves what every group launches, keyed by launchKey.
func (s *session) launchSpecs(ctx context.Context, client *autoscaling.Client, groups []astypes.AutoScalingGroup) (map[string]launchSpec, error) {
	var mu sync.Mutex
	out := map[string]launchSpec{}
	templates := map[string]*astypes.LaunchTemplateSpecification{}
	var configs []string
	for _, grp := range groups {
		if lt := launchTemplateOf(grp); lt != nil {
			templates[launchKey(grp)] = lt
		} else if n := aws.ToString(grp.LaunchConfigurationName); n != "" && !slices.Contains(configs, n) {
			configs = append(configs, n)
		}
	}
	ec2c := ec2.NewFromConfig(s.cfg)
	keys := make([]string, 0, len(templates))
	for k := range templates {
		keys = append(keys, k)
	}
	err := forEach(ctx, s, keys, func(ctx context.Context, key string) error {
		lt := templates[key]
		version := aws.ToString(lt.Version)
		if version == "" {
			version = "$Default"
		}
		res, err := ec2c.DescribeLaunchTemplateVersions(ctx, &ec2.DescribeLaunchTemplateVersionsInput{
			LaunchTemplateId: lt.LaunchTemplateId, Versions: []string{version},
		})
		if err != nil {
			return fail(err, "describe launch template "+aws.ToString(lt.LaunchTemplateId))
		}
		l := launchSpec{label: withDetail(aws.ToString(lt.LaunchTemplateName), "version "+version)}
		if len(res.LaunchTemplateVersions) > 0 {
			v := res.LaunchTemplateVersions[0]
			l.label = withDetail(aws.ToString(v.LaunchTemplateName), "version "+strconv.FormatInt(aws.ToInt64(v.VersionNumber), 10))
			if d := v.LaunchTemplateData; d != nil {
				l.ami, l.instanceType, l.key = aws.ToString(d.ImageId), string(d.InstanceType), aws.ToString(d.KeyName)
			}
		}
		mu.Lock()
		out[key] = l
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	for start := 0; start < len(configs); start += asNamesPage {
		batch := configs[start:min(start+asNamesPage, len(configs))]
		p := autoscaling.NewDescribeLaunchConfigurationsPaginator(client, &autoscaling.DescribeLaunchConfigurationsInput{LaunchConfigurationNames: batch, MaxRecords: aws.Int32(asNamesPage)})
		err := eachPage(ctx, "list launch configurations", p.HasMorePages, p.NextPage, func(res *autoscaling.DescribeLaunchConfigurationsOutput) {
			for _, lc := range res.LaunchConfigurations {
				n := aws.ToString(lc.LaunchConfigurationName)
				out["lc:"+n] = launchSpec{label: "Launch configuration " + n, ami: aws.ToString(lc.ImageId), instanceType: aws.ToString(lc.InstanceType), key: aws.ToString(lc.KeyName)}
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
