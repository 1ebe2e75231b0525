package workflow

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
)

func readDefinition(t *testing.T) []byte {
	t.Helper()
	root, err := standin.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, DefinitionFile))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// validate runs asl-validator (the npm tool `make tools` installs) once on
// several definitions and answers which it accepts, and its output.
func validate(t *testing.T, definitions map[string][]byte) (map[string]bool, string) {
	t.Helper()
	tools, err := standin.FindTools()
	if err != nil {
		t.Fatal(err)
	}
	modules, err := tools.NodeModules()
	if err != nil {
		t.Fatalf("asl-validator is needed: %v", err)
	}
	node, err := standin.Node()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	args := []string{filepath.Join(modules, "asl-validator", "dist", "bin", "asl-validator.js")}
	files := map[string]string{}
	for name, def := range definitions {
		files[name] = filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".asl.json")
		if err := os.WriteFile(files[name], def, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--json-path", files[name])
	}
	out, err := exec.Command(node, args...).CombinedOutput()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatalf("run asl-validator: %v", err)
	}
	valid := map[string]bool{}
	for name, file := range files {
		valid[name] = strings.Contains(string(out), fmt.Sprintf("✓ State machine definition %q is valid", file))
	}
	return valid, string(out)
}

func TestDefinitionIsValidASL(t *testing.T) {
	raw := readDefinition(t)
	awsARN := func(fn string) string { return "arn:aws:lambda:eu-west-1:123456789012:function:cloudcensus-" + fn }
	localARN := func(fn string) string { return "arn:aws:lambda:us-east-1:000000000000:function:" + fn }
	defs := map[string][]byte{"as written": raw}
	for name, arn := range map[string]func(string) string{"for AWS": awsARN, "for the local runner": localARN} {
		def, err := Substitute(raw, Substitutions(arn, DefaultMaxConcurrency))
		if err != nil {
			t.Fatal(err)
		}
		defs[name] = def
	}
	// The control: the validator must catch a transition to nowhere.
	defs["broken"] = []byte(strings.Replace(string(raw), `"Next": "Report"`, `"Next": "NoSuchState"`, 1))
	valid, out := validate(t, defs)
	for name := range defs {
		if want := name != "broken"; valid[name] != want {
			t.Errorf("asl-validator on the definition %s: valid %v, want %v\n%s", name, valid[name], want, out)
		}
	}
}

// lambdaRetry is the retrier every Lambda task needs: Lambda's transient
// service errors, with backoff and jitter.
var lambdaRetry = []string{"Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"}

type state struct {
	Type          string
	Resource      string
	TimeoutSecs   int `json:"TimeoutSeconds"`
	Retry         []retrier
	ItemProcessor *states
}

type retrier struct {
	ErrorEquals    []string
	JitterStrategy string
	MaxAttempts    int
}

type states struct{ States map[string]state }

func walk(s states, visit func(string, state)) {
	for name, st := range s.States {
		visit(name, st)
		if st.ItemProcessor != nil {
			walk(*st.ItemProcessor, visit)
		}
	}
}

func TestEveryLambdaTaskRetriesAndHasATimeout(t *testing.T) {
	def, err := Substitute(readDefinition(t), Substitutions(func(fn string) string { return "arn:aws:lambda:us-east-1:000000000000:function:" + fn }, 5))
	if err != nil {
		t.Fatal(err)
	}
	var top states
	if err := json.Unmarshal(def, &top); err != nil {
		t.Fatal(err)
	}
	tasks := 0
	walk(top, func(name string, st state) {
		if st.Type != "Task" {
			return
		}
		tasks++
		// The local engine gives a task 60 s unless told; AWS gives a
		// Lambda task the function's own timeout. Say it in both.
		if st.TimeoutSecs == 0 || st.TimeoutSecs > 900 {
			t.Errorf("%s: TimeoutSeconds %d, want 1..900 (Lambda's limit)", name, st.TimeoutSecs)
		}
		retried := slices.ContainsFunc(st.Retry, func(r retrier) bool {
			return slices.Equal(r.ErrorEquals, lambdaRetry) && r.JitterStrategy == "FULL" && r.MaxAttempts >= 3
		})
		if !retried {
			t.Errorf("%s: no Retry on %v with full jitter", name, lambdaRetry)
		}
	})
	if tasks != 9 {
		t.Errorf("found %d Lambda tasks, want 9 (plan, report, record report failure, finish, record failure, and scan + record per Map)", tasks)
	}
}

func TestSubstitute(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		subs     map[string]string
		want     string // empty: an error naming wantErr
		wantErr  string
	}{
		{"fills every placeholder", `{"a":"${A}","b":"x${B}y"}`, map[string]string{"A": "1", "B": "2"}, `{"a":"1","b":"x2y"}`, ""},
		{"names what is missing", `{"a":"${A}","b":"${Zed}"}`, map[string]string{"A": "1"}, "", "Zed"},
		{"refuses a result that is not JSON", `{"a":"${A}"}`, map[string]string{"A": `"`}, "", "not JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Substitute([]byte(tc.in), tc.subs)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one naming %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Errorf("got %s, %v; want %s", got, err, tc.want)
			}
		})
	}
}

func TestPlanWritesNoUnitsAsAnArray(t *testing.T) {
	b, err := json.Marshal(Plan{TaskID: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"units":[]`) || strings.Contains(string(b), "unitsFile") {
		t.Errorf("plan JSON %s: want units [] and no unitsFile", b)
	}
}

func TestCauseMessage(t *testing.T) {
	for cause, want := range map[string]string{
		`{"errorMessage":"access denied","errorType":"errorString"}`: "access denied",
		"plain text": "plain text",
		"":           "",
	} {
		if got := CauseMessage(cause); got != want {
			t.Errorf("CauseMessage(%q) = %q, want %q", cause, got, want)
		}
	}
}
