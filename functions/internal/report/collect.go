package report

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// scan is one task's results after a pass over its units: the records
// spilled per service, and the coverage, which is small (services x units).
type scan struct {
	records  *spill
	coverage []inventory.Coverage
	ok       map[unitService]bool // completed service x account x unit region
	accounts map[string]bool
	units    int
	// excluded sums, per scope rule, the resources it dropped.
	excluded []inventory.Excluded
}

// unitService names one service of one unit.
type unitService struct{ service, account, unit string }

// collect reads a task's unit results one at a time and spills their
// records; memory holds one unit result at a time.
//
// unit, when set, sees each unit's records (the current scan's network
// diagrams are drawn from them) before they are spilled.
func collect(ctx context.Context, src Source, taskID, dir, name string, log *slog.Logger,
	onUnit func(account, region string, recs []inventory.Record) error) (_ *scan, err error) {
	prefix := layout.ResultPrefix(taskID)
	keys, err := src.List(ctx, prefix)
	if err != nil {
		return nil, fmt.Errorf("list results of task %s: %w", taskID, err)
	}
	keys = slices.DeleteFunc(keys, func(k string) bool { return !strings.HasSuffix(k, ".json.gz") })
	slices.Sort(keys)
	records, err := newSpill(dir, name)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			records.close()
		}
	}()
	s := &scan{records: records, ok: map[unitService]bool{}, accounts: map[string]bool{}}
	unknown := map[string]int{}
	for _, key := range keys {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res, err := readResult(ctx, src, key)
		if err != nil {
			return nil, err
		}
		account, region := unitOf(res, strings.TrimPrefix(key, prefix))
		s.units++
		s.accounts[account] = true
		known := res.Records[:0]
		for _, r := range res.Records {
			if spec.Order(r.Service) < 0 {
				unknown[r.Service]++
				continue
			}
			if r.AccountID == "" {
				r.AccountID = account
			}
			known = append(known, r)
		}
		if onUnit != nil {
			if err := onUnit(account, region, known); err != nil {
				return nil, err
			}
		}
		if err := s.records.addUnit(region, known); err != nil {
			return nil, err
		}
		for _, e := range res.Excluded {
			i := slices.IndexFunc(s.excluded, func(x inventory.Excluded) bool { return x.Rule == e.Rule && x.Source == e.Source })
			if i < 0 {
				s.excluded = append(s.excluded, inventory.Excluded{Rule: e.Rule, Source: e.Source})
				i = len(s.excluded) - 1
			}
			s.excluded[i].Resources += e.Resources
		}
		for _, c := range res.Coverage {
			if c.AccountID == "" {
				c.AccountID = account
			}
			if c.Region == "" {
				c.Region = region
			}
			s.coverage = append(s.coverage, c)
			if c.Status == inventory.StatusOK {
				s.ok[unitService{c.Service, account, region}] = true
			}
		}
	}
	for svc, n := range unknown {
		log.WarnContext(ctx, "report skips records of a service not in the spec", "task", taskID, "service", svc, "records", n)
	}
	if err := s.records.seal(); err != nil {
		return nil, err
	}
	return s, nil
}

func readResult(ctx context.Context, src Source, key string) (*inventory.Result, error) {
	rc, err := src.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("get unit result %s: %w", key, err)
	}
	defer rc.Close()
	res, err := inventory.Decode(rc)
	if err != nil {
		return nil, fmt.Errorf("read unit result %s: %w", key, err)
	}
	return res, nil
}

// unitOf is the account and region of a unit result, from the result or
// else from its key ("<account>/<region>.json.gz" under the task prefix).
func unitOf(res *inventory.Result, rel string) (account, region string) {
	if res.Unit != nil && res.Unit.AccountID != "" && res.Unit.Region != "" {
		return res.Unit.AccountID, res.Unit.Region
	}
	account, file, _ := strings.Cut(rel, "/")
	return account, strings.TrimSuffix(file, ".json.gz")
}
