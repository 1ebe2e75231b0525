package scanner

import (
	"context"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"golang.org/x/sync/errgroup"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("security_group", scanSecurityGroups)
}

// scanSecurityGroups writes one row per inbound rule (the spec's Source
// column), keyed by the rule id so reports can diff rules between scans.
// A group without inbound rules still gets one row, with dashes, so no
// group goes undocumented. Groups and rules are listed concurrently. When
// the rules cannot be read, each group gets one row whose rule columns say
// why (partial).
func scanSecurityGroups(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := ec2.NewFromConfig(s.cfg)
	var groups []ec2types.SecurityGroup
	var rules maybe[[]ec2types.SecurityGroupRule]
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		p := ec2.NewDescribeSecurityGroupsPaginator(client, &ec2.DescribeSecurityGroupsInput{MaxResults: aws.Int32(ec2PageSize)})
		return eachPage(gctx, "list security groups", p.HasMorePages, p.NextPage, func(out *ec2.DescribeSecurityGroupsOutput) {
			groups = append(groups, out.SecurityGroups...)
		})
	})
	g.Go(func() (err error) {
		rules, err = read(gctx, s, func(ctx context.Context) ([]ec2types.SecurityGroupRule, error) {
			var all []ec2types.SecurityGroupRule
			p := ec2.NewDescribeSecurityGroupRulesPaginator(client, &ec2.DescribeSecurityGroupRulesInput{MaxResults: aws.Int32(ec2PageSize)})
			err := eachPage(ctx, "list security group rules", p.HasMorePages, p.NextPage, func(out *ec2.DescribeSecurityGroupRulesOutput) {
				all = append(all, out.SecurityGroupRules...)
			})
			return all, err
		})
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}

	names := make(map[string]string, len(groups))
	inbound := make(map[string][]ec2types.SecurityGroupRule, len(groups))
	for _, sg := range groups {
		names[aws.ToString(sg.GroupId)] = aws.ToString(sg.GroupName)
	}
	for _, r := range rules.val {
		if !aws.ToBool(r.IsEgress) {
			inbound[aws.ToString(r.GroupId)] = append(inbound[aws.ToString(r.GroupId)], r)
		}
	}
	var recs []inventory.Record
	for _, sg := range groups {
		id, name, tags := aws.ToString(sg.GroupId), aws.ToString(sg.GroupName), ec2Tags(sg.Tags)
		if len(inbound[id]) == 0 {
			lost := rules.lost // "" (dashes) for a group without inbound rules
			recs = append(recs, s.record(id, s.arn("ec2", "security-group/"+id), name, tags, columns{"Name": name, "ID": id,
				"Protocol": lost, "Port range": lost, "Source": lost}))
		}
		for _, r := range inbound[id] {
			ruleID := aws.ToString(r.SecurityGroupRuleId)
			recs = append(recs, s.record(ruleID, s.arn("ec2", "security-group-rule/"+ruleID), name, tags, columns{
				"Name": name, "ID": id, "Protocol": protocolName(aws.ToString(r.IpProtocol)),
				"Port range": portRange(r), "Source": ruleSource(r, names),
			}))
		}
	}
	return recs, nil
}

// protocolName spells an IP protocol as the console does.
func protocolName(p string) string {
	switch strings.ToLower(p) {
	case "-1", "all":
		return "All"
	case "tcp", "6":
		return "TCP"
	case "udp", "17":
		return "UDP"
	case "icmp", "1":
		return "ICMP"
	case "icmpv6", "58":
		return "ICMPv6"
	}
	return p
}

// portRange formats a rule's ports: "443", "1024-65535" or "All".
func portRange(r ec2types.SecurityGroupRule) string {
	from, to := aws.ToInt32(r.FromPort), aws.ToInt32(r.ToPort)
	switch {
	case aws.ToString(r.IpProtocol) == "-1" || r.FromPort == nil || from == -1:
		return "All"
	case from == to:
		return strconv.Itoa(int(from))
	}
	return strconv.Itoa(int(from)) + "-" + strconv.Itoa(int(to))
}

// ruleSource is where inbound traffic may come from: a CIDR, a prefix
// list, or another group (by id, with its name when it is in the region).
func ruleSource(r ec2types.SecurityGroupRule, names map[string]string) string {
	switch {
	case r.CidrIpv4 != nil:
		return *r.CidrIpv4
	case r.CidrIpv6 != nil:
		return *r.CidrIpv6
	case r.PrefixListId != nil:
		return *r.PrefixListId
	case r.ReferencedGroupInfo != nil:
		id := aws.ToString(r.ReferencedGroupInfo.GroupId)
		return withDetail(id, names[id])
	}
	return "-"
}
