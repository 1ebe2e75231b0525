package awssim

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Tags shared by the database, storage, edge and management generators:
// the tagging scheme of a real organisation (environment, team, cost
// centre), so the records carry tags as real ones do.

// teams own the workloads of the generated estate.
var teams = []string{"platform", "payments", "data", "web", "identity"}

// envOf returns the environment a generated name starts with ("prod-api-1"
// is production).
func envOf(name string) string {
	switch {
	case strings.HasPrefix(name, "prod"):
		return "production"
	case strings.HasPrefix(name, "staging"):
		return "staging"
	case strings.HasPrefix(name, "dev"):
		return "development"
	}
	return "shared"
}

// standardTags returns the organisation's tags of a named resource.
func standardTags(g *Gen, name string) map[string]string {
	return map[string]string{
		"Name":        name,
		"Environment": envOf(name),
		"Team":        Pick(g, teams),
		"CostCenter":  "CC-" + string(rune('1'+g.Intn(9))) + "00",
	}
}

// tagList turns a tag map into an SDK tag list sorted by key, as AWS
// answers tags in a stable order.
func tagList[T any](tags map[string]string, mk func(key, value *string) T) []T {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]T, 0, len(keys))
	for _, k := range keys {
		out = append(out, mk(aws.String(k), aws.String(tags[k])))
	}
	return out
}

// tagByARN records the tags of a resource whose SDK type carries none.
func tagByARN(m *map[string]map[string]string, arn string, tags map[string]string) {
	if *m == nil {
		*m = map[string]map[string]string{}
	}
	(*m)[arn] = tags
}
