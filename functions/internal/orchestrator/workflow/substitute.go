package workflow

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// placeholder is a DefinitionSubstitutions variable: ${Name}.
var placeholder = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)\}`)

// Substitutions are the DefinitionSubstitutions for a deployment where
// arn(function) is each function's ARN.
func Substitutions(arn func(function string) string, maxConcurrency int) map[string]string {
	subs := map[string]string{SubstitutionMaxConcurrency: strconv.Itoa(maxConcurrency)}
	for _, fn := range Functions() {
		key, _ := SubstitutionKey(fn)
		subs[key] = arn(fn)
	}
	return subs
}

// Substitute replaces every ${Name} of definition the way CloudFormation's
// DefinitionSubstitutions do (as text), and checks that no placeholder is
// left without a value and that the result is still JSON. Values are
// inserted as they are: they must not need JSON escaping.
func Substitute(definition []byte, subs map[string]string) ([]byte, error) {
	var missing []string
	out := placeholder.ReplaceAllFunc(definition, func(m []byte) []byte {
		name := string(m[2 : len(m)-1])
		v, ok := subs[name]
		if !ok {
			missing = append(missing, name)
			return m
		}
		return []byte(v)
	})
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("substitute the definition: no value for %s", strings.Join(missing, ", "))
	}
	if !json.Valid(out) {
		return nil, fmt.Errorf("substitute the definition: the result is not JSON (does a value need escaping?)")
	}
	return out, nil
}
