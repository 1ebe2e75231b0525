package scanner

import (
	"context"
	"maps"
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
	register("autoscaling", scanAutoScaling)
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
// launch configurations in use (batches of 50). When the policies, a
// launch template version or launch configurations cannot be read, the
// groups are listed and the columns they fill say why (partial).
func scanAutoScaling(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := autoscaling.NewFromConfig(s.cfg)
	var groups []astypes.AutoScalingGroup
	var policies maybe[map[string][]string]
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		p := autoscaling.NewDescribeAutoScalingGroupsPaginator(client, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(asPageSize)})
		return eachPage(gctx, "list Auto Scaling groups", p.HasMorePages, p.NextPage, func(out *autoscaling.DescribeAutoScalingGroupsOutput) {
			groups = append(groups, out.AutoScalingGroups...)
		})
	})
	g.Go(func() (err error) {
		policies, err = read(gctx, s, func(ctx context.Context) (map[string][]string, error) {
			byGroup := map[string][]string{}
			p := autoscaling.NewDescribePoliciesPaginator(client, &autoscaling.DescribePoliciesInput{MaxRecords: aws.Int32(asPageSize)})
			err := eachPage(ctx, "list scaling policies", p.HasMorePages, p.NextPage, func(out *autoscaling.DescribePoliciesOutput) {
				for _, p := range out.ScalingPolicies {
					name := aws.ToString(p.AutoScalingGroupName)
					byGroup[name] = append(byGroup[name], withDetail(aws.ToString(p.PolicyName), aws.ToString(p.PolicyType)))
				}
			})
			return byGroup, err
		})
		return err
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
			"Scaling Policy": policies.or(func(p map[string][]string) string { return list(p[name]) }),
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

// launchSpecs resolves what every group launches, keyed by launchKey: the
// launch template versions (one call each) and the launch configurations
// (batches of 50) are fetched concurrently.
func (s *session) launchSpecs(ctx context.Context, client *autoscaling.Client, groups []astypes.AutoScalingGroup) (map[string]launchSpec, error) {
	templates := map[string]*astypes.LaunchTemplateSpecification{}
	var configs []string
	for _, grp := range groups {
		if lt := launchTemplateOf(grp); lt != nil {
			templates[launchKey(grp)] = lt
		} else if n := aws.ToString(grp.LaunchConfigurationName); n != "" && !slices.Contains(configs, n) {
			configs = append(configs, n)
		}
	}
	var mu sync.Mutex
	out := map[string]launchSpec{}
	set := func(key string, l launchSpec) {
		mu.Lock()
		defer mu.Unlock()
		out[key] = l
	}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return s.launchTemplates(gctx, templates, set) })
	g.Go(func() error { return s.launchConfigurations(gctx, client, configs, set) })
	return out, g.Wait()
}

// unreadableLaunch is what a group launches when its launch template
// version or configuration cannot be read: its label, which the group
// names, and why the rest is unknown.
func unreadableLaunch(label, lost string) launchSpec {
	return launchSpec{label: label, ami: lost, instanceType: lost, key: lost}
}

// launchTemplates describes each distinct launch template version.
func (s *session) launchTemplates(ctx context.Context, templates map[string]*astypes.LaunchTemplateSpecification, set func(string, launchSpec)) error {
	client := ec2.NewFromConfig(s.cfg)
	keys := slices.Sorted(maps.Keys(templates))
	return forEach(ctx, s, keys, func(ctx context.Context, key string) error {
		lt := templates[key]
		version := aws.ToString(lt.Version)
		if version == "" {
			version = "$Default"
		}
		label := withDetail(firstOf(aws.ToString(lt.LaunchTemplateName), aws.ToString(lt.LaunchTemplateId)), "version "+version)
		l, err := read(ctx, s, func(ctx context.Context) (launchSpec, error) {
			res, err := client.DescribeLaunchTemplateVersions(ctx, &ec2.DescribeLaunchTemplateVersionsInput{
				LaunchTemplateId: lt.LaunchTemplateId, Versions: []string{version},
			})
			if err != nil {
				return launchSpec{}, fail(err, "describe launch template "+aws.ToString(lt.LaunchTemplateId))
			}
			l := launchSpec{label: label}
			if len(res.LaunchTemplateVersions) > 0 {
				v := res.LaunchTemplateVersions[0]
				l.label = withDetail(aws.ToString(v.LaunchTemplateName), "version "+strconv.FormatInt(aws.ToInt64(v.VersionNumber), 10))
				if d := v.LaunchTemplateData; d != nil {
					l.ami, l.instanceType, l.key = aws.ToString(d.ImageId), string(d.InstanceType), aws.ToString(d.KeyName)
				}
			}
			return l, nil
		})
		if err != nil {
			return err
		}
		if l.lost != "" {
			set(key, unreadableLaunch(label, l.lost))
			return nil
		}
		set(key, l.val)
		return nil
	})
}

// launchConfigurations describes the named launch configurations.
func (s *session) launchConfigurations(ctx context.Context, client *autoscaling.Client, names []string, set func(string, launchSpec)) error {
	for start := 0; start < len(names); start += asNamesPage {
		batch := names[start:min(start+asNamesPage, len(names))]
		found, err := read(ctx, s, func(ctx context.Context) ([]astypes.LaunchConfiguration, error) {
			var lcs []astypes.LaunchConfiguration
			p := autoscaling.NewDescribeLaunchConfigurationsPaginator(client, &autoscaling.DescribeLaunchConfigurationsInput{LaunchConfigurationNames: batch, MaxRecords: aws.Int32(asNamesPage)})
			err := eachPage(ctx, "list launch configurations", p.HasMorePages, p.NextPage, func(res *autoscaling.DescribeLaunchConfigurationsOutput) {
				lcs = append(lcs, res.LaunchConfigurations...)
			})
			return lcs, err
		})
		if err != nil {
			return err
		}
		for _, n := range batch {
			if found.lost != "" {
				set("lc:"+n, unreadableLaunch("Launch configuration "+n, found.lost))
			}
		}
		for _, lc := range found.val {
			n := aws.ToString(lc.LaunchConfigurationName)
			set("lc:"+n, launchSpec{label: "Launch configuration " + n, ami: aws.ToString(lc.ImageId), instanceType: aws.ToString(lc.InstanceType), key: aws.ToString(lc.KeyName)})
		}
	}
	return nil
}
