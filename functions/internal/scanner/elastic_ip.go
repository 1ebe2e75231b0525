package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("elastic_ip", scanElasticIPs) }

// scanElasticIPs: the spec shows only the Name, so an address without a
// Name tag shows the address itself. DescribeAddresses is not paginated.
func scanElasticIPs(ctx context.Context, s *session) ([]inventory.Record, error) {
	out, err := ec2.NewFromConfig(s.cfg).DescribeAddresses(ctx, &ec2.DescribeAddressesInput{})
	if err != nil {
		return nil, fail(err, "list elastic IPs")
	}
	var recs []inventory.Record
	for _, a := range out.Addresses {
		ip, tags := aws.ToString(a.PublicIp), ec2Tags(a.Tags)
		id := aws.ToString(a.AllocationId)
		if id == "" {
			id = ip // EC2-Classic addresses have no allocation id
		}
		recs = append(recs, s.record(id, s.arn("ec2", "elastic-ip/"+id), nameTag(tags, ip), tags, columns{
			"Name": withDetail(nameTag(tags, ip), detailIf(tags["Name"] != "", ip)),
		}))
	}
	return recs, nil
}

// detailIf returns detail when cond holds, else "".
func detailIf(cond bool, detail string) string {
	if cond {
		return detail
	}
	return ""
}
