package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("route_table", scanRouteTables) }

func scanRouteTables(ctx context.Context, s *session) ([]inventory.Record, error) {
	var recs []inventory.Record
	p := ec2.NewDescribeRouteTablesPaginator(ec2.NewFromConfig(s.cfg), &ec2.DescribeRouteTablesInput{MaxResults: aws.Int32(ec2RouteTablePage)})
	err := eachPage(ctx, "list route tables", p.HasMorePages, p.NextPage, func(out *ec2.DescribeRouteTablesOutput) {
		for _, v := range out.RouteTables {
			id, tags := aws.ToString(v.RouteTableId), ec2Tags(v.Tags)
			recs = append(recs, s.record(id, s.arn("ec2", "route-table/"+id), tags["Name"], tags, columns{
				"Name": tags["Name"], "ID": id, "Subnet Associations": associations(v.Associations),
			}))
		}
	})
	return recs, err
}

// associations lists the explicitly associated subnets (and gateways), with
// "Main" first when the table is its VPC's main route table: the subnets
// without an explicit association use it.
func associations(as []ec2types.RouteTableAssociation) string {
	var out []string
	for _, a := range as {
		if a.AssociationState != nil && a.AssociationState.State != ec2types.RouteTableAssociationStateCodeAssociated {
			continue
		}
		switch {
		case aws.ToBool(a.Main):
			out = append([]string{"Main"}, out...)
		case a.SubnetId != nil:
			out = append(out, *a.SubnetId)
		case a.GatewayId != nil:
			out = append(out, *a.GatewayId)
		}
	}
	return list(out)
}
