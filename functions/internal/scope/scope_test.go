package scope

import (
	"slices"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func TestValidateNamesTheRuleAtFault(t *testing.T) {
	for _, tc := range []struct {
		rule  domain.ScopeRule
		field string // "" valid
	}{
		{domain.ScopeRule{Kind: Account, Value: "123456789012"}, ""},
		{domain.ScopeRule{Kind: Account, Value: "12345"}, "rules[0].value"},
		{domain.ScopeRule{Kind: Region, Value: "eu-west-1"}, ""},
		{domain.ScopeRule{Kind: Region, Value: "Ireland"}, "rules[0].value"},
		{domain.ScopeRule{Kind: Service, Value: "lambda"}, ""},
		{domain.ScopeRule{Kind: Service, Value: "lambdas"}, "rules[0].value"},
		{domain.ScopeRule{Kind: Tag, Value: "Owner=*"}, ""},
		{domain.ScopeRule{Kind: Tag, Value: "Owner"}, "rules[0].value"},
		{domain.ScopeRule{Kind: Resource, Value: "i-0abc"}, ""},
		{domain.ScopeRule{Kind: CIDR, Value: "10.20.0.0/16"}, ""},
		{domain.ScopeRule{Kind: CIDR, Value: "10.20.0.0/33"}, "rules[0].value"},
		{domain.ScopeRule{Kind: "colour", Value: "red"}, "rules[0].kind"},
	} {
		_, err := Validate("rules", []domain.ScopeRule{tc.rule})
		var de *domain.Error
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%+v refused: %v", tc.rule, err)
		case tc.field != "" && (err == nil || !errorAs(err, &de) || de.Field != tc.field):
			t.Errorf("%+v: %v, want a refusal naming %s", tc.rule, err, tc.field)
		}
	}
	many := make([]domain.ScopeRule, MaxRules+1)
	if _, err := Validate("rules", many); err == nil {
		t.Error("too many rules accepted")
	}
}

func errorAs(err error, de **domain.Error) bool {
	e, ok := err.(*domain.Error)
	*de = e
	return ok
}

// Filter drops exactly the records a tag, resource or CIDR rule matches,
// counting each under the first rule that matched it.
func TestFilterDropsExactlyTheMatchingRecords(t *testing.T) {
	rec := func(id string, tags map[string]string, cols map[string]string, net *inventory.Net) inventory.Record {
		return inventory.Record{ID: id, Tags: tags, Columns: cols, Net: net}
	}
	recs := []inventory.Record{
		rec("i-owned", map[string]string{"Owner": "alice"}, map[string]string{"Private IP": "172.16.0.5"}, nil),
		rec("i-any-team", map[string]string{"Team": "x"}, map[string]string{"Private IP": "172.16.0.6"}, nil),
		rec("i-lab", nil, map[string]string{"Private IP": "10.20.3.4", "Public IP": "-"}, nil),
		rec("subnet-lab", nil, map[string]string{"CIDR": "10.20.8.0/24"}, &inventory.Net{CIDR: "10.20.8.0/24"}),
		rec("vpc-wider", nil, map[string]string{"CIDR": "10.0.0.0/8"}, &inventory.Net{CIDR: "10.0.0.0/8"}),
		rec("i-named", nil, map[string]string{"Private IP": "192.168.1.1"}, nil),
		rec("i-kept", map[string]string{"Owner": "bob"}, map[string]string{"Private IP": "192.168.1.2"}, nil),
	}
	rules := []domain.ScopeRule{
		{Kind: Tag, Value: "Owner=alice", Source: "task"},
		{Kind: Tag, Value: "Team=*", Source: "workspace"},
		{Kind: CIDR, Value: "10.20.0.0/16"},
		{Kind: Resource, Value: "i-named"},
		{Kind: Account, Value: "111122223333"}, // not a record rule
	}
	kept, counts := Filter(rules, slices.Clone(recs))
	var ids []string
	for _, r := range kept {
		ids = append(ids, r.ID)
	}
	if !slices.Equal(ids, []string{"vpc-wider", "i-kept"}) {
		t.Fatalf("kept %v, want the wider VPC (not inside the block) and the untagged-by-rule instance", ids)
	}
	want := []inventory.Excluded{{Rule: "tag Owner=alice", Source: "task", Resources: 1}, {Rule: "tag Team=*", Source: "workspace", Resources: 1},
		{Rule: "cidr 10.20.0.0/16", Resources: 2}, {Rule: "resource i-named", Resources: 1}}
	if !slices.Equal(counts, want) {
		t.Fatalf("counts %+v, want %+v", counts, want)
	}
	if r := UnitExcluded(rules, "111122223333", "eu-west-1"); r == nil || r.Kind != Account {
		t.Error("the account rule does not exclude its unit")
	}
	if ServiceExcluded([]domain.ScopeRule{{Kind: Service, Value: "lambda"}}, "lambda") == nil {
		t.Error("the service rule does not exclude its service")
	}
}
