package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("internet_gateway", scanInternetGateways) }

// scanInternetGateways: the spec shows only the Name, so a gateway without
// a Name tag shows its id rather than a dash.
func scanInternetGateways(ctx context.Context, s *session) ([]inventory.Record, error) {
	var recs []inventory.Record
	p := ec2.NewDescribeInternetGatewaysPaginator(ec2.NewFromConfig(s.cfg), &ec2.DescribeInternetGatewaysInput{MaxResults: aws.Int32(ec2PageSize)})
	err := eachPage(ctx, "list internet gateways", p.HasMorePages, p.NextPage, func(out *ec2.DescribeInternetGatewaysOutput) {
		for _, v := range out.InternetGateways {
			id, tags := aws.ToString(v.InternetGatewayId), ec2Tags(v.Tags)
			recs = append(recs, s.record(id, s.arn("ec2", "internet-gateway/"+id), tags["Name"], tags, columns{
				"Name": nameTag(tags, id),
			}))
		}
	})
	return recs, err
}
