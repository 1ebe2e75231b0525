package scanner

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"golang.org/x/sync/errgroup"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("ec2", scanInstances) }

// ec2VolumePage is DescribeVolumes' largest page.
const ec2VolumePage = 500

// scanInstances documents each instance with its EBS volumes. Instances and
// volumes are listed concurrently (two list calls per region, not one
// volume call per instance); the EBS columns list the attached volumes in
// device order, root first. When the volumes cannot be read, the
// instances are listed and their EBS columns say why (partial).
func scanInstances(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := ec2.NewFromConfig(s.cfg)
	var instances []ec2types.Instance
	var volumes maybe[map[string]ec2types.Volume]
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		p := ec2.NewDescribeInstancesPaginator(client, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(ec2PageSize)})
		return eachPage(gctx, "list instances", p.HasMorePages, p.NextPage, func(out *ec2.DescribeInstancesOutput) {
			for _, res := range out.Reservations {
				instances = append(instances, res.Instances...)
			}
		})
	})
	g.Go(func() (err error) {
		volumes, err = read(gctx, s, func(ctx context.Context) (map[string]ec2types.Volume, error) {
			byID := map[string]ec2types.Volume{}
			p := ec2.NewDescribeVolumesPaginator(client, &ec2.DescribeVolumesInput{MaxResults: aws.Int32(ec2VolumePage)})
			err := eachPage(ctx, "list EBS volumes", p.HasMorePages, p.NextPage, func(out *ec2.DescribeVolumesOutput) {
				for _, v := range out.Volumes {
					byID[aws.ToString(v.VolumeId)] = v
				}
			})
			return byID, err
		})
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}

	var recs []inventory.Record
	for _, in := range instances {
		if in.State != nil && (in.State.Name == ec2types.InstanceStateNameTerminated || in.State.Name == ec2types.InstanceStateNameShuttingDown) {
			continue
		}
		id, tags := aws.ToString(in.InstanceId), ec2Tags(in.Tags)
		var groups, types, sizes, encrypted []string
		for _, sg := range in.SecurityGroups {
			groups = append(groups, withDetail(aws.ToString(sg.GroupName), aws.ToString(sg.GroupId)))
		}
		for _, bd := range in.BlockDeviceMappings {
			if bd.Ebs == nil {
				continue
			}
			if volumes.lost != "" {
				types, sizes, encrypted = []string{volumes.lost}, []string{volumes.lost}, []string{volumes.lost}
				break
			}
			v, ok := volumes.val[aws.ToString(bd.Ebs.VolumeId)]
			if !ok {
				continue // created after the volume listing
			}
			types = append(types, string(v.VolumeType))
			sizes = append(sizes, gib(aws.ToInt32(v.Size)))
			encrypted = append(encrypted, yesNoPtr(v.Encrypted))
		}
		az := ""
		if in.Placement != nil {
			az = aws.ToString(in.Placement.AvailabilityZone)
		}
		rec := s.record(id, s.arn("ec2", "instance/"+id), tags["Name"], tags, columns{
			"Name": tags["Name"], "Instance ID": id, "Instance Type": string(in.InstanceType), "AZ": az,
			"AMI": aws.ToString(in.ImageId), "Public IP": aws.ToString(in.PublicIpAddress), "Public DNS": aws.ToString(in.PublicDnsName),
			"Private IP": aws.ToString(in.PrivateIpAddress), "VPC ID": aws.ToString(in.VpcId), "Subnet ID": aws.ToString(in.SubnetId),
			"Key": aws.ToString(in.KeyName), "Security Groups": list(groups),
			"EBS Type": list(types), "EBS Size": list(sizes), "Encryption": list(encrypted),
			"Other Requirement": instanceNotes(in),
		})
		rec.Net = placed(inventory.Net{VPC: aws.ToString(in.VpcId), Subnets: []string{aws.ToString(in.SubnetId)}, AZ: az})
		recs = append(recs, rec)
	}
	return recs, nil
}

// instanceNotes fills "Other Requirement" with what an operator needs to
// know beyond the columns: state, IAM instance profile, detailed monitoring.
func instanceNotes(in ec2types.Instance) string {
	var notes []string
	if in.State != nil {
		notes = append(notes, "State: "+string(in.State.Name))
	}
	if in.IamInstanceProfile != nil {
		arn := aws.ToString(in.IamInstanceProfile.Arn)
		notes = append(notes, "IAM instance profile: "+arn[strings.LastIndex(arn, "/")+1:])
	}
	if in.Monitoring != nil {
		notes = append(notes, "Detailed monitoring: "+yesNo(in.Monitoring.State == ec2types.MonitoringStateEnabled))
	}
	return strings.Join(notes, "; ")
}
