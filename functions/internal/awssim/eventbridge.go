package awssim

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// EventBridge lists buses and a bus's rules with NextToken and Limit (at
// most 100); ListRules without a bus name lists the default bus, and
// answers ResourceNotFoundException for a bus the region does not have.
func init() {
	handle("EventBridge", "ListEventBuses", func(r *Request, in *eventbridge.ListEventBusesInput) (*eventbridge.ListEventBusesOutput, error) {
		limit, err := eventsLimit(r, in.Limit)
		if err != nil {
			return nil, err
		}
		var buses []ebtypes.EventBus
		for _, b := range r.Region.EventBuses {
			if strings.HasPrefix(aws.ToString(b.Name), aws.ToString(in.NamePrefix)) {
				buses = append(buses, b)
			}
		}
		items, next, err := page(r, buses, in.NextToken, limit)
		return &eventbridge.ListEventBusesOutput{EventBuses: items, NextToken: next}, err
	})
	handle("EventBridge", "ListRules", func(r *Request, in *eventbridge.ListRulesInput) (*eventbridge.ListRulesOutput, error) {
		limit, err := eventsLimit(r, in.Limit)
		if err != nil {
			return nil, err
		}
		bus := aws.ToString(in.EventBusName)
		if bus == "" {
			bus = "default"
		}
		known := false
		for _, b := range r.Region.EventBuses {
			if aws.ToString(b.Name) == bus || aws.ToString(b.Arn) == bus {
				bus, known = aws.ToString(b.Name), true
			}
		}
		if !known {
			return nil, APIError(400, "ResourceNotFoundException", "Event bus %s does not exist.", bus)
		}
		var rules []ebtypes.Rule
		for _, rule := range r.Region.EventRules {
			if aws.ToString(rule.EventBusName) == bus && strings.HasPrefix(aws.ToString(rule.Name), aws.ToString(in.NamePrefix)) {
				rules = append(rules, rule)
			}
		}
		items, next, err := page(r, rules, in.NextToken, limit)
		return &eventbridge.ListRulesOutput{Rules: items, NextToken: next}, err
	})
	handle("EventBridge", "ListTagsForResource", func(r *Request, in *eventbridge.ListTagsForResourceInput) (*eventbridge.ListTagsForResourceOutput, error) {
		arn := aws.ToString(in.ResourceARN)
		tags, ok := r.Region.TagsByARN[arn]
		if !ok || !strings.HasPrefix(arn, "arn:aws:events:"+r.RegionName+":") {
			return nil, APIError(400, "ResourceNotFoundException", "Resource %s does not exist.", arn)
		}
		return &eventbridge.ListTagsForResourceOutput{
			Tags: tagList(tags, func(k, v *string) ebtypes.Tag { return ebtypes.Tag{Key: k, Value: v} }),
		}, nil
	})
}

// eventsLimit checks an EventBridge list call's Limit: unset is 100.
func eventsLimit(r *Request, p *int32) (int, error) {
	limit := limitOf(p, 100)
	if limit > 100 {
		return 0, invalidParameter(r.Service, "Limit", limit)
	}
	return limit, nil
}
