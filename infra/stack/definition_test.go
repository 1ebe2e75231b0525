package stack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadDefinition(t *testing.T) {
	write := func(body string) string {
		p := filepath.Join(t.TempDir(), "sm.asl.json")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	w := Workflow{FunctionArns: map[string]string{"ScanUnitFunctionArn": "scan-unit"}, MaxConcurrency: "MaxConcurrency"}
	inline := `{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":${MaxConcurrency},"ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"U","States":{"U":{"Type":"Task","Resource":"${ScanUnitFunctionArn}","End":true}}},"End":true}}}`
	d, err := readDefinition(write(inline), w)
	if err != nil || d.distributed || d.text != inline {
		t.Errorf("inline: %+v, %v", d, err)
	}
	d, err = readDefinition(write(strings.Replace(inline, "INLINE", "DISTRIBUTED", 1)), w)
	if err != nil || !d.distributed {
		t.Errorf("distributed Map not seen: %+v, %v", d, err)
	}
	for _, tc := range []struct{ name, body, want string }{
		{"unknown placeholder", strings.Replace(inline, "ScanUnitFunctionArn", "BillingFunctionArn", 1), "no substitution for [BillingFunctionArn]"},
		{"unused substitution", strings.Replace(inline, "${MaxConcurrency}", "10", 1), "substitutes [MaxConcurrency], which the definition does not use"},
		{"not JSON", `{"States":`, "not JSON"},
		{"no states", `{"StartAt":"A"}`, "no states"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := readDefinition(write(tc.body), w); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("readDefinition = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestTheDefinitionUsesTheContractsSubstitutions: the real definition
// uses exactly the substitutions the contract's workflow names.
func TestTheDefinitionUsesTheContractsSubstitutions(t *testing.T) {
	w := readTestContract(t).Workflow
	if _, err := readDefinition(filepath.Join(repoRoot(t), w.DefinitionFile), w); err != nil {
		t.Error(err)
	}
}

func TestFlattenNamesReferencesAsCdkNagDoes(t *testing.T) {
	v := map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":s3:::", map[string]any{"Fn::GetAtt": []any{"Bucket1", "Arn"}}, "/tasks/*"}}}
	if got, want := flatten(v), "arn:<AWS::Partition>:s3:::<Bucket1.Arn>/tasks/*"; got != want {
		t.Errorf("flatten = %q, want %q", got, want)
	}
}
