package stack

import (
	"fmt"
	"sort"
	"testing"
)

// Helpers that read the synthesized template as plain data.

type resource struct {
	id    string
	props map[string]any
}

// ofType lists the template's resources of one type, by logical id.
func (s synthesized) ofType(t string) []resource {
	var out []resource
	for id, r := range s.json["Resources"].(map[string]any) {
		r := r.(map[string]any)
		if r["Type"] == t {
			props, _ := r["Properties"].(map[string]any)
			out = append(out, resource{id: id, props: props})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

func (s synthesized) byID(t *testing.T, id string) resource {
	t.Helper()
	r, ok := s.json["Resources"].(map[string]any)[id].(map[string]any)
	if !ok {
		t.Fatalf("no resource %s", id)
	}
	props, _ := r["Properties"].(map[string]any)
	return resource{id: id, props: props}
}

// refTo is the logical id a {"Ref": id} or {"Fn::GetAtt": [id, ...]} names.
func refTo(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	if r, ok := m["Ref"].(string); ok {
		return r
	}
	if att, ok := m["Fn::GetAtt"].([]any); ok && len(att) > 0 {
		s, _ := att[0].(string)
		return s
	}
	return ""
}

// statement is one IAM policy statement, with Action and Resource as lists.
type statement struct {
	policy    string
	effect    string
	actions   []string
	resources []any
	condition map[string]any
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	if v == nil {
		return nil
	}
	return []any{v}
}

// policyStatements lists the statements of every AWS::IAM::Policy attached
// to the role with logical id role ("" for every role).
func (s synthesized) policyStatements(role string) []statement {
	var out []statement
	for _, p := range s.ofType("AWS::IAM::Policy") {
		attached := role == ""
		for _, r := range asList(p.props["Roles"]) {
			if refTo(r) == role {
				attached = true
			}
		}
		if !attached {
			continue
		}
		doc := p.props["PolicyDocument"].(map[string]any)
		for _, st := range asList(doc["Statement"]) {
			st := st.(map[string]any)
			var actions []string
			for _, a := range asList(st["Action"]) {
				actions = append(actions, a.(string))
			}
			cond, _ := st["Condition"].(map[string]any)
			out = append(out, statement{policy: p.id, effect: fmt.Sprint(st["Effect"]), actions: actions, resources: asList(st["Resource"]), condition: cond})
		}
	}
	return out
}

// functionRole is the logical id of the role of a product function.
func (s synthesized) functionRole(t *testing.T, name string) string {
	t.Helper()
	for _, fn := range s.ofType("AWS::Lambda::Function") {
		if fn.props["Description"] == "CloudCensus "+name+": "+mustFunction(t, name).purpose {
			return refTo(fn.props["Role"])
		}
	}
	t.Fatalf("no function %s in the template", name)
	return ""
}

// environment is the Variables of a product function's environment.
func (s synthesized) environment(t *testing.T, name string) map[string]any {
	t.Helper()
	for _, fn := range s.ofType("AWS::Lambda::Function") {
		if fn.props["Description"] == "CloudCensus "+name+": "+mustFunction(t, name).purpose {
			env, _ := fn.props["Environment"].(map[string]any)
			vars, _ := env["Variables"].(map[string]any)
			return vars
		}
	}
	t.Fatalf("no function %s in the template", name)
	return nil
}

func mustFunction(t *testing.T, name string) function {
	t.Helper()
	f, ok := functionByName(name)
	if !ok {
		t.Fatalf("no function %s", name)
	}
	return f
}
