package stack

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"sort"
)

// definition is the scan task's ASL as the file holds it, and what the
// stack must know about it to grant the machine's role.
type definition struct {
	text string
	// distributed: a Map runs as child executions, which the machine's role
	// must be allowed to start and stop, reading its items from S3.
	distributed bool
}

var placeholder = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)\}`)

// readDefinition loads the ASL unchanged and checks it against the
// contract's workflow: every placeholder has a substitution, every
// substitution is used (the machine's role may invoke only the functions
// it runs), and with placeholders filled in it is JSON whose states can be
// walked.
func readDefinition(path string, w Workflow) (definition, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return definition{}, fmt.Errorf("read state machine definition: %w", err)
	}
	var unknown []string
	used := map[string]bool{}
	filled := placeholder.ReplaceAllStringFunc(string(b), func(m string) string {
		name := m[2 : len(m)-1]
		used[name] = true
		if _, ok := w.FunctionArns[name]; !ok && name != w.MaxConcurrency {
			unknown = append(unknown, name)
		}
		return "1"
	})
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return definition{}, fmt.Errorf("state machine %s: no substitution for %v", path, slices.Compact(unknown))
	}
	var doc aslStates
	if err := json.Unmarshal([]byte(filled), &doc); err != nil {
		return definition{}, fmt.Errorf("state machine %s: not JSON once substituted: %w", path, err)
	}
	if len(doc.States) == 0 {
		return definition{}, errors.New("state machine " + path + ": no states")
	}
	var unused []string
	for _, key := range append(slices.Collect(maps.Keys(w.FunctionArns)), w.MaxConcurrency) {
		if !used[key] {
			unused = append(unused, key)
		}
	}
	if len(unused) > 0 {
		sort.Strings(unused)
		return definition{}, fmt.Errorf("state machine %s: the contract's workflow substitutes %v, which the definition does not use", path, unused)
	}
	d := definition{text: string(b)}
	walkStates(doc, func(name string, s aslState) {
		if s.Type == "Map" && s.ItemProcessor != nil && s.ItemProcessor.ProcessorConfig.Mode == "DISTRIBUTED" {
			d.distributed = true
		}
	})
	return d, nil
}

// aslStates is the part of the Amazon States Language the stack reads.
type aslStates struct {
	States map[string]aslState `json:"States"`
}

type aslState struct {
	Type          string      `json:"Type"`
	Resource      string      `json:"Resource"`
	Retry         []aslRetry  `json:"Retry"`
	ItemProcessor *aslProcess `json:"ItemProcessor"`
	Iterator      *aslStates  `json:"Iterator"`
	Branches      []aslStates `json:"Branches"`
}

type aslProcess struct {
	aslStates
	ProcessorConfig struct {
		Mode string `json:"Mode"`
	} `json:"ProcessorConfig"`
}

type aslRetry struct {
	ErrorEquals     []string `json:"ErrorEquals"`
	IntervalSeconds float64  `json:"IntervalSeconds"`
	BackoffRate     float64  `json:"BackoffRate"`
	MaxAttempts     int      `json:"MaxAttempts"`
	MaxDelaySeconds float64  `json:"MaxDelaySeconds"`
	JitterStrategy  string   `json:"JitterStrategy"`
}

// walkStates visits every state, nested ones included.
func walkStates(doc aslStates, visit func(name string, s aslState)) {
	for name, s := range doc.States {
		visit(name, s)
		if s.ItemProcessor != nil {
			walkStates(s.ItemProcessor.aslStates, visit)
		}
		if s.Iterator != nil {
			walkStates(*s.Iterator, visit)
		}
		for _, b := range s.Branches {
			walkStates(b, visit)
		}
	}
}
