package scanner

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func TestFormatting(t *testing.T) {
	at := time.Date(2024, 3, 5, 14, 7, 9, 0, time.FixedZone("CET", 3600))
	for _, tc := range []struct{ got, want string }{
		{dash(""), "-"},
		{dash("  "), "-"},
		{str(nil), "-"},
		{str(aws.String("x")), "x"},
		{yesNo(true), "Yes"},
		{yesNoPtr(aws.Bool(false)), "No"},
		{yesNoPtr(nil), "-"},
		{num[int32](nil), "-"},
		{num(aws.Int32(30)), "30"},
		{gib(int32(100)), "100 GiB"},
		{byteSize(0), "0 B"},
		{byteSize(512), "512 B"},
		{byteSize(1536), "1.5 KiB"},
		{byteSize(5 << 30), "5 GiB"},
		{byteSize(1<<40 + 1<<39), "1.5 TiB"},
		{list(nil), "-"},
		{list([]string{"a", "", "-", "b"}), "a, b"},
		{timestamp(&at), "2024-03-05 13:07 UTC"},
		{timestamp(nil), "-"},
		{withDetail("sg-1", "web"), "sg-1 (web)"},
		{withDetail("sg-1", "-"), "sg-1"},
		{nameTag(map[string]string{"Name": " "}, "fallback"), "fallback"},
		{protocolName("-1"), "All"},
		{protocolName("6"), "TCP"},
		{portRange(ec2types.SecurityGroupRule{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443)}), "443"},
		{portRange(ec2types.SecurityGroupRule{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(1024), ToPort: aws.Int32(65535)}), "1024-65535"},
		{portRange(ec2types.SecurityGroupRule{IpProtocol: aws.String("-1")}), "All"},
		{elbNameFromARN("arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/50dc6c495c0c9188"), "web"},
		{targetGroupName("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/api-tg/73e2d6bc24d8a067"), "api-tg"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
