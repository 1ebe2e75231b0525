package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("eventbridge", scanEventBridge)
}

// eventsPageSize is the most EventBridge's list calls return per page.
const eventsPageSize = 100

// scanEventBridge: one row per rule of every event bus of the region (the
// default bus, custom and partner buses). A bus whose rules cannot be
// listed gets one row saying why (partial), so it does not go silently
// missing; a rule whose tags cannot be read is listed without them.
func scanEventBridge(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := eventbridge.NewFromConfig(s.cfg)
	var buses []string
	err := eachToken(ctx, "list event buses", func(ctx context.Context, token *string) (*string, error) {
		out, err := client.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{Limit: aws.Int32(eventsPageSize), NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, b := range out.EventBuses {
			buses = append(buses, aws.ToString(b.Name))
		}
		return out.NextToken, nil
	})
	if err != nil {
		return nil, err
	}
	perBus, err := detailEach(ctx, s, buses, func(ctx context.Context, bus string) ([]ebtypes.Rule, error) {
		var rules []ebtypes.Rule
		err := eachToken(ctx, "list rules of event bus "+bus, func(ctx context.Context, token *string) (*string, error) {
			out, err := client.ListRules(ctx, &eventbridge.ListRulesInput{EventBusName: aws.String(bus), Limit: aws.Int32(eventsPageSize), NextToken: token})
			if err != nil {
				return nil, err
			}
			rules = append(rules, out.Rules...)
			return out.NextToken, nil
		})
		return rules, err
	})
	if err != nil {
		return nil, err
	}
	var rules []ebtypes.Rule
	var unread []inventory.Record // one per bus whose rules cannot be listed
	for i, bus := range buses {
		if lost := perBus[i].lost; lost != "" {
			unread = append(unread, s.record(bus+"/rules", "", bus, nil, columns{
				"Name": lost, "Description": lost, "Event Bus": bus, "State": lost,
			}))
			continue
		}
		for _, r := range perBus[i].val {
			if r.EventBusName == nil {
				r.EventBusName = aws.String(bus)
			}
			rules = append(rules, r)
		}
	}
	tags, err := detailEach(ctx, s, rules, func(ctx context.Context, r ebtypes.Rule) (map[string]string, error) {
		out, err := client.ListTagsForResource(ctx, &eventbridge.ListTagsForResourceInput{ResourceARN: r.Arn})
		if err != nil {
			return nil, fail(err, "list tags of rule "+aws.ToString(r.Arn))
		}
		return tagsOf(out.Tags, func(t ebtypes.Tag) (*string, *string) { return t.Key, t.Value }), nil
	})
	if err != nil {
		return nil, err
	}
	recs := make([]inventory.Record, 0, len(rules)+len(unread))
	for i, r := range rules {
		name, bus := aws.ToString(r.Name), aws.ToString(r.EventBusName)
		recs = append(recs, s.record(bus+"/"+name, aws.ToString(r.Arn), name, tags[i].val, columns{
			"Name":        name,
			"Description": aws.ToString(r.Description),
			"Event Bus":   bus,
			"State":       ruleState(r.State),
		}))
	}
	return append(recs, unread...), nil
}

// ruleState spells a rule's state as the console does.
func ruleState(s ebtypes.RuleState) string {
	switch s {
	case ebtypes.RuleStateEnabled:
		return "Enabled"
	case ebtypes.RuleStateDisabled:
		return "Disabled"
	case ebtypes.RuleStateEnabledWithAllCloudtrailManagementEvents:
		return "Enabled (all CloudTrail management events)"
	}
	return string(s)
}
