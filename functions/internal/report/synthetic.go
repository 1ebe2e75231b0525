package report

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// A synthetic estate stands in for a scan in the demo report and the
// benchmarks: records for every service of the spec, spread over accounts
// and regions, with every spec column filled by a plausible value. It is
// not the simulated AWS (awssim) and does not try to be: it makes unit
// results, not API answers.

// synthOptions shape a synthetic scan.
type synthOptions struct {
	taskID   string
	accounts []string
	regions  []string
	total    int // resources over all services
	// only, when set, limits records to these services; the others are
	// scanned and find nothing.
	only []string
	// fail marks service checks that did not complete, by service,
	// account and unit region; their records are left out.
	fail map[unitService]inventory.Status
}

// synthesize returns one result per unit: each account's regions and its
// global unit.
func synthesize(o synthOptions) []*inventory.Result {
	type unitKey struct{ account, region string }
	results := map[unitKey]*inventory.Result{}
	var order []unitKey
	for _, a := range o.accounts {
		for _, r := range append(append([]string{}, o.regions...), spec.GlobalUnit) {
			k := unitKey{a, r}
			results[k] = &inventory.Result{Unit: &inventory.Unit{TaskID: o.taskID, AccountID: a, Region: r}}
			order = append(order, k)
		}
	}
	services := spec.All()
	if len(o.only) > 0 {
		services = slices.DeleteFunc(services, func(s spec.Service) bool { return !slices.Contains(o.only, s.Key) })
	}
	for _, svc := range spec.All() {
		n := 0
		if i := slices.IndexFunc(services, func(s spec.Service) bool { return s.Key == svc.Key }); i >= 0 {
			n = o.total / len(services)
			if i < o.total%len(services) {
				n++
			}
		}
		units := o.regions
		if svc.Scope == spec.Global {
			units = []string{spec.GlobalUnit}
		}
		counts := map[unitKey]int{}
		for i := range n {
			k := unitKey{o.accounts[i%len(o.accounts)], units[(i/len(o.accounts))%len(units)]}
			if o.fail[unitService{svc.Key, k.account, k.region}] != "" {
				continue
			}
			res := results[k]
			res.Records = append(res.Records, synthRecord(svc, k.account, k.region, i))
			counts[k]++
		}
		for _, a := range o.accounts {
			for _, r := range units {
				k := unitKey{a, r}
				c := inventory.Coverage{Service: svc.Key, AccountID: a, Region: r, Status: inventory.StatusOK,
					Resources: counts[k], Calls: 1 + counts[k]/50, DurationMS: int64(40 + counts[k])}
				if st := o.fail[unitService{svc.Key, a, r}]; st != "" {
					c.Status, c.Resources = st, 0
					c.Error = fmt.Sprintf("%s: %s in %s", svc.ResourceType, strings.ReplaceAll(string(st), "_", " "), r)
					if st == inventory.StatusThrottled {
						c.Throttles, c.Retries, c.Calls = 4, 3, 4
					}
				}
				results[k].Coverage = append(results[k].Coverage, c)
			}
		}
	}
	out := make([]*inventory.Result, len(order))
	for i, k := range order {
		out[i] = results[k]
	}
	return out
}

var (
	synthEnvs  = []string{"prod", "shared", "staging", "dev"}
	synthRoles = []string{"web", "api", "data", "core", "edge", "ops", "batch", "auth"}
)

// synthRecord makes resource i of a service in a unit.
func synthRecord(svc spec.Service, account, region string, i int) inventory.Record {
	prefix := strings.ReplaceAll(svc.Key, "_", "")
	if len(prefix) > 6 {
		prefix = prefix[:6]
	}
	id := fmt.Sprintf("%s-%08x%s", prefix, uint32(i*2654435761+len(region)*97), account[len(account)-4:])
	name := fmt.Sprintf("%s-%s-%s-%02d", synthEnvs[i%len(synthEnvs)], synthRoles[(i/4)%len(synthRoles)], prefix, i%100)
	r := inventory.Record{Service: svc.Key, ResourceType: svc.ResourceType, AccountID: account, Region: region,
		ID: id, Name: name, Columns: make(map[string]string, len(svc.Columns))}
	for ci, c := range svc.Columns {
		r.Columns[c] = synthValue(c, r, i+ci)
	}
	return r
}

// synthValue fills a column by what its name says it holds.
func synthValue(column string, r inventory.Record, i int) string {
	c := strings.ToLower(column)
	az := r.Region
	if az == spec.GlobalUnit {
		az = spec.GlobalRegion
	}
	switch {
	case c == "region":
		return az
	case c == "az" || strings.Contains(c, "availability"):
		return az + string(rune('a'+i%3))
	case strings.Contains(c, "cidr"):
		return fmt.Sprintf("10.%d.%d.0/24", i%250, (i*7)%250)
	case strings.Contains(c, "public ip"):
		return fmt.Sprintf("54.%d.%d.%d", 10+i%200, (i*3)%250, 1+i%250)
	case strings.Contains(c, "ip"):
		return fmt.Sprintf("10.%d.%d.%d", i%250, (i*5)%250, 4+i%250)
	case c == "name" || strings.HasSuffix(c, " name") || c == "cluster id" || c == "db instance id":
		return r.Name
	case c == "id" || strings.HasSuffix(c, " id"):
		if strings.Contains(c, "vpc") || c == "vpc" {
			return fmt.Sprintf("vpc-%08x", i%7)
		}
		return r.ID
	case c == "vpc":
		return fmt.Sprintf("vpc-%08x", i%7)
	case strings.Contains(c, "port"):
		return []string{"443", "80", "5432", "22"}[i%4]
	case strings.Contains(c, "protocol"):
		return []string{"tcp", "HTTPS", "udp"}[i%3]
	case strings.Contains(c, "dns") || strings.Contains(c, "endpoint") || strings.Contains(c, "domain") || c == "cname":
		return fmt.Sprintf("%s.%s.example.com", r.Name, az)
	case strings.Contains(c, "enabled") || strings.Contains(c, "protection") || strings.Contains(c, "multi") ||
		strings.Contains(c, "encryption") || strings.Contains(c, "validation") || strings.Contains(c, "resources"):
		return []string{"Yes", "No"}[i%2]
	case strings.Contains(c, "version"):
		return []string{"1.29", "15.4", "7.1"}[i%3]
	case strings.Contains(c, "instance type") || c == "node type":
		return []string{"t3.medium", "m6i.large", "r6g.xlarge"}[i%3]
	case strings.Contains(c, "status") || c == "state":
		return []string{"available", "active", "ENABLED"}[i%3]
	case strings.Contains(c, "size") || c == "storage" || strings.Contains(c, "bytes"):
		return fmt.Sprintf("%d GiB", 20+i%480)
	case strings.Contains(c, "memory"):
		return fmt.Sprint(128 << (i % 4))
	case strings.Contains(c, "count") || c == "desired" || c == "min" || c == "max" || strings.Contains(c, "num"):
		return fmt.Sprint(1 + i%6)
	case strings.Contains(c, "days") || strings.Contains(c, "period") || strings.Contains(c, "timeout"):
		return fmt.Sprint([]int{7, 30, 90, 365}[i%4])
	case strings.Contains(c, "security group") || c == "source":
		return fmt.Sprintf("sg-%08x", i*31)
	case strings.Contains(c, "subnet"):
		return fmt.Sprintf("subnet-%08x, subnet-%08x", i*17, i*17+1)
	}
	return fmt.Sprintf("%s %d", column, 1+i%9)
}

// mutate derives a later scan from an earlier one: it drops every 17th
// record, changes a column of every 13th and adds one record per 29, so a
// comparison of the two finds each kind of change.
func mutate(prev []*inventory.Result, taskID string) []*inventory.Result {
	out := make([]*inventory.Result, len(prev))
	for ui, p := range prev {
		u := *p.Unit
		u.TaskID = taskID
		res := &inventory.Result{Unit: &u, Coverage: append([]inventory.Coverage(nil), p.Coverage...)}
		for i, r := range p.Records {
			n := ui*1000 + i
			if n%17 == 16 {
				continue
			}
			r.Columns = maps.Clone(r.Columns)
			if n%13 == 5 {
				svc, _ := spec.Lookup(r.Service)
				col := svc.Columns[len(svc.Columns)-1]
				r.Columns[col] = r.Columns[col] + " (updated)"
			}
			res.Records = append(res.Records, r)
			if n%29 == 7 {
				svc, _ := spec.Lookup(r.Service)
				res.Records = append(res.Records, synthRecord(svc, r.AccountID, r.Region, 100000+n))
			}
		}
		found := map[string]int{}
		for _, r := range res.Records {
			found[r.Service]++
		}
		for ci := range res.Coverage {
			if res.Coverage[ci].Status == inventory.StatusOK {
				res.Coverage[ci].Resources = found[res.Coverage[ci].Service]
			}
		}
		out[ui] = res
	}
	return out
}
