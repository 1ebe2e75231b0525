package awssim

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

func init() { generateRegional(20, "compute", genCompute) }

// genCompute builds a region's compute in its named VPCs: instances with
// EBS volumes, elastic IPs, load balancers with target groups and target
// health, launch templates, Auto Scaling groups (one on a legacy launch
// configuration) with policies, EKS clusters and Lambda functions.
func genCompute(g *Gen, a *Account, r *Region) {
	named := namedVPCs(r)
	if len(named) == 0 {
		return
	}
	for i := range g.Count(8) {
		genInstance(g, a, r, Pick(g, named), i)
	}
	for i := range g.Count(4) {
		addr := ec2types.Address{
			AllocationId: aws.String(g.ID("eipalloc")), PublicIp: aws.String(g.PublicIP()), Domain: ec2types.DomainTypeVpc,
			NetworkBorderGroup: aws.String(r.Name), PublicIpv4Pool: aws.String("amazon"),
		}
		if i > 0 { // the first one is unnamed, to show the address instead
			addr.Tags = ec2Name(g.Name("eip", i))
		}
		if i < len(r.Instances) && g.Chance(0.7) {
			addr.InstanceId, addr.AssociationId = r.Instances[i].InstanceId, aws.String(g.ID("eipassoc"))
			addr.PrivateIpAddress = r.Instances[i].PrivateIpAddress
		}
		r.Addresses = append(r.Addresses, addr)
	}
	genLoadBalancing(g, a, r, named)
	genAutoScaling(g, a, r, named)
	for i := range g.Count(4) {
		vpc := Pick(g, named)
		name := g.Name("eks", i)
		r.EKSClusters = append(r.EKSClusters, ekstypes.Cluster{
			Name: aws.String(name), Arn: aws.String(g.ARN("eks", "cluster/"+name)),
			Version: aws.String(Pick(g, []string{"1.29", "1.30", "1.31"})), Status: ekstypes.ClusterStatusActive,
			Endpoint:  aws.String(fmt.Sprintf("https://%X.gr7.%s.eks.amazonaws.com", g.rng.Uint64(), r.Name)),
			CreatedAt: aws.Time(g.Time()), PlatformVersion: aws.String("eks.8"),
			RoleArn: aws.String("arn:aws:iam::" + a.ID + ":role/eks-cluster-role"),
			ResourcesVpcConfig: &ekstypes.VpcConfigResponse{
				VpcId: vpc.VpcId, SubnetIds: subnetIDs(r, vpc, false), EndpointPrivateAccess: true, EndpointPublicAccess: true,
			},
			Tags: map[string]string{"Name": name, "Environment": "production"},
		})
	}
	for i := range g.Count(6) {
		name := g.Name("fn", i)
		r.Functions = append(r.Functions, lambdatypes.FunctionConfiguration{
			FunctionName: aws.String(name), FunctionArn: aws.String(g.ARN("lambda", "function:"+name)),
			Runtime:    Pick(g, []lambdatypes.Runtime{lambdatypes.RuntimePython312, lambdatypes.RuntimeNodejs20x, lambdatypes.RuntimeProvidedal2023, lambdatypes.RuntimeJava21}),
			MemorySize: aws.Int32(Pick(g, []int32{128, 256, 512, 1024})), Timeout: aws.Int32(Pick(g, []int32{3, 15, 30, 300})),
			LastModified: aws.String(g.Time().Format("2006-01-02T15:04:05.000-0700")),
			Handler:      aws.String("main.handler"), CodeSize: int64(1024 * (1 + g.Intn(50000))),
			Role:          aws.String("arn:aws:iam::" + a.ID + ":role/" + name + "-role"),
			Architectures: []lambdatypes.Architecture{lambdatypes.ArchitectureArm64},
		})
	}
}

// namedVPCs are the VPCs workloads run in: all but the default one.
func namedVPCs(r *Region) []ec2types.Vpc {
	var out []ec2types.Vpc
	for _, v := range r.Vpcs {
		if !aws.ToBool(v.IsDefault) {
			out = append(out, v)
		}
	}
	return out
}

// subnetIDs returns the VPC's public or private subnets.
func subnetIDs(r *Region, vpc ec2types.Vpc, public bool) []string {
	var out []string
	for _, s := range r.Subnets {
		if aws.ToString(s.VpcId) == aws.ToString(vpc.VpcId) && aws.ToBool(s.MapPublicIpOnLaunch) == public {
			out = append(out, aws.ToString(s.SubnetId))
		}
	}
	return out
}

// groupsOf returns the VPC's security groups (not the default one).
func groupsOf(r *Region, vpc ec2types.Vpc) []ec2types.SecurityGroup {
	var out []ec2types.SecurityGroup
	for _, sg := range r.SecurityGroups {
		if aws.ToString(sg.VpcId) == aws.ToString(vpc.VpcId) && aws.ToString(sg.GroupName) != "default" {
			out = append(out, sg)
		}
	}
	return out
}

func subnetOf(r *Region, id string) ec2types.Subnet {
	for _, s := range r.Subnets {
		if aws.ToString(s.SubnetId) == id {
			return s
		}
	}
	return ec2types.Subnet{}
}

var (
	instanceTypes = []ec2types.InstanceType{"t3.micro", "t3.medium", "m6i.large", "m7g.xlarge", "c6i.2xlarge", "r6i.large"}
	amis          = []string{"ami-0abcdef1234567890", "ami-0c55b159cbfafe1f0", "ami-08d4ac5b634553e16"}
)

// genInstance adds an instance with a root volume and, often, a data
// volume. The first instance of a region is public (every ec2 column has
// a value) and the second private, so a region has both; later ones are
// private two times out of three.
func genInstance(g *Gen, a *Account, r *Region, vpc ec2types.Vpc, i int) {
	public := i == 0 || (i > 1 && g.Chance(0.33))
	subnets := subnetIDs(r, vpc, public)
	subnet := subnetOf(r, Pick(g, subnets))
	id := aws.String(g.ID("i"))
	name := g.Name("app", i)
	state := ec2types.InstanceStateNameRunning
	if i > 0 && g.Chance(0.1) {
		state = ec2types.InstanceStateNameStopped
	}
	prefix := strings.Join(strings.Split(aws.ToString(vpc.CidrBlock), ".")[:2], ".")
	inst := ec2types.Instance{
		InstanceId: id, InstanceType: Pick(g, instanceTypes), ImageId: aws.String(Pick(g, amis)),
		Placement:        &ec2types.Placement{AvailabilityZone: subnet.AvailabilityZone, Tenancy: ec2types.TenancyDefault},
		PrivateIpAddress: aws.String(g.IP(prefix)), VpcId: vpc.VpcId, SubnetId: subnet.SubnetId,
		KeyName: aws.String(Pick(g, []string{"ops-key", "deploy-2024", "bastion"})), LaunchTime: aws.Time(g.Time()),
		State:              &ec2types.InstanceState{Name: state, Code: aws.Int32(16)},
		Monitoring:         &ec2types.Monitoring{State: Pick(g, []ec2types.MonitoringState{ec2types.MonitoringStateEnabled, ec2types.MonitoringStateDisabled})},
		IamInstanceProfile: &ec2types.IamInstanceProfile{Arn: aws.String("arn:aws:iam::" + a.ID + ":instance-profile/" + name + "-profile"), Id: aws.String(g.ID("AIPA"))},
		Architecture:       ec2types.ArchitectureValuesX8664, RootDeviceName: aws.String("/dev/xvda"), RootDeviceType: ec2types.DeviceTypeEbs,
		PlatformDetails: aws.String("Linux/UNIX"), Tags: ec2Name(name),
	}
	inst.PrivateDnsName = aws.String("ip-" + strings.ReplaceAll(*inst.PrivateIpAddress, ".", "-") + "." + r.Name + ".compute.internal")
	if public && state == ec2types.InstanceStateNameRunning {
		ip := g.PublicIP()
		inst.PublicIpAddress = aws.String(ip)
		inst.PublicDnsName = aws.String("ec2-" + strings.ReplaceAll(ip, ".", "-") + "." + r.Name + ".compute.amazonaws.com")
	}
	if groups := groupsOf(r, vpc); len(groups) > 0 {
		for k := range 1 + g.Intn(2) {
			sg := groups[(i+k)%len(groups)]
			inst.SecurityGroups = append(inst.SecurityGroups, ec2types.GroupIdentifier{GroupId: sg.GroupId, GroupName: sg.GroupName})
		}
	}
	devices := []string{"/dev/xvda"}
	if i == 0 || g.Chance(0.5) {
		devices = append(devices, "/dev/sdf")
	}
	for k, dev := range devices {
		vol := ec2types.Volume{
			VolumeId: aws.String(g.ID("vol")), Size: aws.Int32(Pick(g, []int32{8, 20, 30})), VolumeType: ec2types.VolumeTypeGp3,
			Encrypted: aws.Bool(i == 0 || g.Chance(0.8)), AvailabilityZone: subnet.AvailabilityZone, State: ec2types.VolumeStateInUse,
			CreateTime: inst.LaunchTime, Iops: aws.Int32(3000),
			Attachments: []ec2types.VolumeAttachment{{InstanceId: id, Device: aws.String(dev), State: ec2types.VolumeAttachmentStateAttached, DeleteOnTermination: aws.Bool(k == 0)}},
		}
		if k > 0 {
			vol.Size, vol.VolumeType = aws.Int32(Pick(g, []int32{100, 200, 500})), Pick(g, []ec2types.VolumeType{ec2types.VolumeTypeGp3, ec2types.VolumeTypeIo2, ec2types.VolumeTypeSt1})
		}
		r.Volumes = append(r.Volumes, vol)
		inst.BlockDeviceMappings = append(inst.BlockDeviceMappings, ec2types.InstanceBlockDeviceMapping{
			DeviceName: aws.String(dev), Ebs: &ec2types.EbsInstanceBlockDevice{VolumeId: vol.VolumeId, Status: ec2types.AttachmentStatusAttached},
		})
	}
	r.Instances = append(r.Instances, inst)
	if g.Chance(0.2) { // an unattached volume, which the ec2 scanner must not show
		r.Volumes = append(r.Volumes, ec2types.Volume{VolumeId: aws.String(g.ID("vol")), Size: aws.Int32(50), VolumeType: ec2types.VolumeTypeGp2, State: ec2types.VolumeStateAvailable, AvailabilityZone: subnet.AvailabilityZone})
	}
}

// genLoadBalancing adds application and network load balancers, target
// groups (most attached to a balancer, instances registered with health)
// and their tags.
func genLoadBalancing(g *Gen, a *Account, r *Region, named []ec2types.Vpc) {
	r.TargetHealth, r.ELBTags = map[string][]elbtypes.TargetHealthDescription{}, map[string][]elbtypes.Tag{}
	var lbs []elbtypes.LoadBalancer
	for i := range g.Count(4) {
		vpc := Pick(g, named)
		lbType, scheme, kind := elbtypes.LoadBalancerTypeEnumApplication, elbtypes.LoadBalancerSchemeEnumInternetFacing, "app"
		if i%3 == 2 {
			lbType, scheme, kind = elbtypes.LoadBalancerTypeEnumNetwork, elbtypes.LoadBalancerSchemeEnumInternal, "net"
		}
		name := g.Name("lb", i)
		lb := elbtypes.LoadBalancer{
			LoadBalancerName: aws.String(name), Type: lbType, Scheme: scheme, VpcId: vpc.VpcId,
			LoadBalancerArn: aws.String(g.ARN("elasticloadbalancing", fmt.Sprintf("loadbalancer/%s/%s/%016x", kind, name, g.rng.Uint64()))),
			DNSName:         aws.String(fmt.Sprintf("%s-%d.%s.elb.amazonaws.com", name, g.rng.Uint32(), r.Name)),
			CreatedTime:     aws.Time(g.Time()), IpAddressType: elbtypes.IpAddressTypeIpv4,
			State: &elbtypes.LoadBalancerState{Code: elbtypes.LoadBalancerStateEnumActive},
		}
		for _, sid := range subnetIDs(r, vpc, scheme == elbtypes.LoadBalancerSchemeEnumInternetFacing) {
			sn := subnetOf(r, sid)
			lb.AvailabilityZones = append(lb.AvailabilityZones, elbtypes.AvailabilityZone{ZoneName: sn.AvailabilityZone, SubnetId: sn.SubnetId})
		}
		if groups := groupsOf(r, vpc); lbType == elbtypes.LoadBalancerTypeEnumApplication && len(groups) > 0 {
			lb.SecurityGroups = []string{aws.ToString(groups[i%len(groups)].GroupId)}
		}
		lbs = append(lbs, lb)
		r.ELBTags[*lb.LoadBalancerArn] = []elbtypes.Tag{{Key: aws.String("Name"), Value: aws.String(name)}, {Key: aws.String("Team"), Value: aws.String("platform")}}
	}
	r.LoadBalancers = lbs
	for i := range g.Count(6) {
		lb := lbs[i%len(lbs)]
		name := g.Name("tg", i)
		proto, check := elbtypes.ProtocolEnumHttp, aws.String("/health")
		if lb.Type == elbtypes.LoadBalancerTypeEnumNetwork {
			proto, check = elbtypes.ProtocolEnumTcp, nil
		}
		tg := elbtypes.TargetGroup{
			TargetGroupName: aws.String(name), Port: aws.Int32(Pick(g, []int32{80, 8080, 443})), Protocol: proto,
			TargetGroupArn: aws.String(g.ARN("elasticloadbalancing", fmt.Sprintf("targetgroup/%s/%016x", name, g.rng.Uint64()))),
			VpcId:          lb.VpcId, TargetType: elbtypes.TargetTypeEnumInstance, HealthCheckPath: check,
			HealthCheckProtocol: proto, HealthCheckEnabled: aws.Bool(true),
		}
		if i < len(lbs) || g.Chance(0.8) { // a few target groups are not in use yet
			tg.LoadBalancerArns = []string{aws.ToString(lb.LoadBalancerArn)}
		}
		var health []elbtypes.TargetHealthDescription
		for k, inst := range r.Instances {
			if aws.ToString(inst.VpcId) != aws.ToString(lb.VpcId) || (k+i)%2 == 1 {
				continue
			}
			state := elbtypes.TargetHealthStateEnumHealthy
			if inst.State.Name != ec2types.InstanceStateNameRunning {
				state = elbtypes.TargetHealthStateEnumUnused
			}
			health = append(health, elbtypes.TargetHealthDescription{
				Target:       &elbtypes.TargetDescription{Id: inst.InstanceId, Port: tg.Port},
				TargetHealth: &elbtypes.TargetHealth{State: state},
			})
		}
		r.TargetGroups = append(r.TargetGroups, tg)
		r.TargetHealth[*tg.TargetGroupArn] = health
		r.ELBTags[*tg.TargetGroupArn] = []elbtypes.Tag{{Key: aws.String("Name"), Value: aws.String(name)}}
	}
}

// genAutoScaling adds launch templates (two versions each), groups using
// them (the first one on a legacy launch configuration), and a target
// tracking policy for most groups.
func genAutoScaling(g *Gen, a *Account, r *Region, named []ec2types.Vpc) {
	for i := range g.Count(2) {
		id, name := aws.String(g.ID("lt")), g.Name("lt", i)
		r.LaunchTemplates = append(r.LaunchTemplates, ec2types.LaunchTemplate{
			LaunchTemplateId: id, LaunchTemplateName: aws.String(name), DefaultVersionNumber: aws.Int64(1), LatestVersionNumber: aws.Int64(2),
			CreateTime: aws.Time(g.Time()),
		})
		for v := int64(1); v <= 2; v++ {
			r.LaunchTemplateVersions = append(r.LaunchTemplateVersions, ec2types.LaunchTemplateVersion{
				LaunchTemplateId: id, LaunchTemplateName: aws.String(name), VersionNumber: aws.Int64(v), DefaultVersion: aws.Bool(v == 1),
				LaunchTemplateData: &ec2types.ResponseLaunchTemplateData{
					ImageId: aws.String(Pick(g, amis)), InstanceType: Pick(g, instanceTypes), KeyName: aws.String("deploy-2024"),
				},
			})
		}
	}
	lcName := g.Name("lc", 0)
	r.LaunchConfigurations = []astypes.LaunchConfiguration{{
		LaunchConfigurationName: aws.String(lcName), ImageId: aws.String(amis[0]), InstanceType: aws.String("t3.small"),
		KeyName: aws.String("ops-key"), CreatedTime: aws.Time(g.Time()),
		LaunchConfigurationARN: aws.String(g.ARN("autoscaling", "launchConfiguration:"+lcName)),
	}}
	for i := range g.Count(4) {
		vpc := Pick(g, named)
		name := g.Name("asg", i)
		minSize := int32(1 + g.Intn(2))
		asg := astypes.AutoScalingGroup{
			AutoScalingGroupName: aws.String(name), AutoScalingGroupARN: aws.String(g.ARN("autoscaling", "autoScalingGroup:"+g.ID("uuid")+":autoScalingGroupName/"+name)),
			MinSize: aws.Int32(minSize), MaxSize: aws.Int32(minSize + 4), DesiredCapacity: aws.Int32(minSize + 1),
			DefaultCooldown: aws.Int32(300), HealthCheckType: aws.String("ELB"), CreatedTime: aws.Time(g.Time()),
			VPCZoneIdentifier: aws.String(strings.Join(subnetIDs(r, vpc, false), ",")),
			Tags:              []astypes.TagDescription{{Key: aws.String("Name"), Value: aws.String(name), ResourceId: aws.String(name), ResourceType: aws.String("auto-scaling-group"), PropagateAtLaunch: aws.Bool(true)}},
		}
		for _, sn := range subnetIDs(r, vpc, false) {
			asg.AvailabilityZones = append(asg.AvailabilityZones, aws.ToString(subnetOf(r, sn).AvailabilityZone))
		}
		switch {
		case i == 1:
			asg.LaunchConfigurationName = aws.String(lcName)
		case len(r.LaunchTemplates) > 0:
			lt := r.LaunchTemplates[i%len(r.LaunchTemplates)]
			spec := &astypes.LaunchTemplateSpecification{LaunchTemplateId: lt.LaunchTemplateId, LaunchTemplateName: lt.LaunchTemplateName, Version: aws.String(Pick(g, []string{"$Latest", "$Default", "2"}))}
			if i%3 == 2 {
				asg.MixedInstancesPolicy = &astypes.MixedInstancesPolicy{LaunchTemplate: &astypes.LaunchTemplate{LaunchTemplateSpecification: spec}}
			} else {
				asg.LaunchTemplate = spec
			}
		}
		for _, tg := range r.TargetGroups {
			if aws.ToString(tg.VpcId) == aws.ToString(vpc.VpcId) && tg.Protocol != elbtypes.ProtocolEnumTcp && len(asg.TargetGroupARNs) < 2 {
				asg.TargetGroupARNs = append(asg.TargetGroupARNs, aws.ToString(tg.TargetGroupArn))
			}
		}
		r.AutoScalingGroups = append(r.AutoScalingGroups, asg)
		if i == 0 || g.Chance(0.7) {
			r.ScalingPolicies = append(r.ScalingPolicies, astypes.ScalingPolicy{
				AutoScalingGroupName: aws.String(name), PolicyName: aws.String(name + "-cpu-50"), PolicyType: aws.String("TargetTrackingScaling"),
				PolicyARN: aws.String(g.ARN("autoscaling", "scalingPolicy:"+g.ID("uuid")+":autoScalingGroupName/"+name+":policyName/"+name+"-cpu-50")),
				Enabled:   aws.Bool(true),
				TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{
					TargetValue:                   aws.Float64(50),
					PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization},
				},
			})
		}
	}
}
