package awssim

import (
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// The EC2 Describe calls of the compute services.
func init() {
	handle("EC2", "DescribeInstances", func(r *Request, in *ec2.DescribeInstancesInput) (*ec2.DescribeInstancesOutput, error) {
		items, next, err := describe(r, r.Region.Instances, in.InstanceIds, func(v ec2types.Instance) *string { return v.InstanceId }, in.NextToken, in.MaxResults)
		out := &ec2.DescribeInstancesOutput{NextToken: next}
		for _, inst := range items { // one reservation per instance, as single launches make
			out.Reservations = append(out.Reservations, ec2types.Reservation{
				ReservationId: aws.String("r-" + aws.ToString(inst.InstanceId)[2:]), OwnerId: aws.String(r.Account.ID),
				Instances: []ec2types.Instance{inst},
			})
		}
		return out, err
	})
	handle("EC2", "DescribeVolumes", func(r *Request, in *ec2.DescribeVolumesInput) (*ec2.DescribeVolumesOutput, error) {
		items, next, err := describe(r, r.Region.Volumes, in.VolumeIds, func(v ec2types.Volume) *string { return v.VolumeId }, in.NextToken, in.MaxResults)
		return &ec2.DescribeVolumesOutput{Volumes: items, NextToken: next}, err
	})
	handle("EC2", "DescribeAddresses", func(r *Request, in *ec2.DescribeAddressesInput) (*ec2.DescribeAddressesOutput, error) {
		return &ec2.DescribeAddressesOutput{Addresses: selected(r.Region.Addresses, in.AllocationIds, func(v ec2types.Address) *string { return v.AllocationId })}, nil
	})
	handle("EC2", "DescribeLaunchTemplateVersions", describeLaunchTemplateVersions)
}

// describeLaunchTemplateVersions selects one template's versions by
// number, "$Latest" or "$Default", as EC2 does.
func describeLaunchTemplateVersions(r *Request, in *ec2.DescribeLaunchTemplateVersionsInput) (*ec2.DescribeLaunchTemplateVersionsOutput, error) {
	var tmpl *ec2types.LaunchTemplate
	for i, t := range r.Region.LaunchTemplates {
		if (in.LaunchTemplateId != nil && aws.ToString(t.LaunchTemplateId) == *in.LaunchTemplateId) ||
			(in.LaunchTemplateName != nil && aws.ToString(t.LaunchTemplateName) == *in.LaunchTemplateName) {
			tmpl = &r.Region.LaunchTemplates[i]
		}
	}
	if tmpl == nil {
		return nil, APIError(400, "InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID %s, does not exist.", aws.ToString(in.LaunchTemplateId))
	}
	var want []int64
	for _, v := range in.Versions {
		switch v {
		case "$Latest":
			want = append(want, aws.ToInt64(tmpl.LatestVersionNumber))
		case "$Default":
			want = append(want, aws.ToInt64(tmpl.DefaultVersionNumber))
		default:
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, invalidParameter(r.Service, "LaunchTemplateVersion", v)
			}
			want = append(want, n)
		}
	}
	var versions []ec2types.LaunchTemplateVersion
	for _, v := range r.Region.LaunchTemplateVersions {
		if aws.ToString(v.LaunchTemplateId) == aws.ToString(tmpl.LaunchTemplateId) && (len(want) == 0 || slices.Contains(want, aws.ToInt64(v.VersionNumber))) {
			versions = append(versions, v)
		}
	}
	items, next, err := page(r, versions, in.NextToken, limitOf(in.MaxResults, 0))
	return &ec2.DescribeLaunchTemplateVersionsOutput{LaunchTemplateVersions: items, NextToken: next}, err
}
