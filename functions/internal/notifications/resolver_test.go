package notifications_test

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type resolver map[string][]string

func fakeResolver(answers map[string][]string) resolver { return resolver(answers) }

func (r resolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	ips, ok := r[host]
	if !ok {
		return nil, errors.New("no such host")
	}
	var out []net.IPAddr
	for _, ip := range ips {
		out = append(out, net.IPAddr{IP: net.ParseIP(ip)})
	}
	return out, nil
}

// dump is an item's attribute values as text, for a search.
func dump(item map[string]types.AttributeValue) string {
	var b strings.Builder
	var walk func(v types.AttributeValue)
	walk = func(v types.AttributeValue) {
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			b.WriteString(v.Value + " ")
		case *types.AttributeValueMemberB:
			b.Write(v.Value)
			b.WriteString(" ")
		case *types.AttributeValueMemberM:
			for k, x := range v.Value {
				b.WriteString(k + " ")
				walk(x)
			}
		case *types.AttributeValueMemberL:
			for _, x := range v.Value {
				walk(x)
			}
		case *types.AttributeValueMemberSS:
			b.WriteString(strings.Join(v.Value, " ") + " ")
		}
	}
	for k, v := range item {
		b.WriteString(k + " ")
		walk(v)
	}
	return b.String()
}
