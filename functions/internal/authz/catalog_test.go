package authz

import (
	"slices"
	"testing"
)

func TestGroupsCoverTheCatalog(t *testing.T) {
	seen := map[string]int{}
	for _, g := range Groups() {
		if g.Name == "" || g.Description == "" {
			t.Errorf("group %+v has no name or description", g)
		}
		for _, p := range g.Permissions {
			seen[p.Key]++
			if p.Label == "" || p.Description == "" {
				t.Errorf("permission %s has no label or description", p.Key)
			}
		}
	}
	for _, k := range Catalog {
		if seen[k] != 1 {
			t.Errorf("permission %s is in %d groups, want 1", k, seen[k])
		}
	}
	for k := range seen {
		if !slices.Contains(Catalog, k) {
			t.Errorf("group lists %s, which is not in the catalog", k)
		}
	}
}
