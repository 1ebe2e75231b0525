package scanner

import (
	"context"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	"golang.org/x/sync/errgroup"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// session is what one scanner gets for one unit: an aws.Config whose region,
// retryer, budget and metering are already set (build clients from it with
// <service>.NewFromConfig), and the unit it records into.
type session struct {
	cfg      aws.Config
	account  string
	region   string // the unit's region: a region code, or spec.GlobalUnit
	service  spec.Service
	parallel int          // bound for a scanner's own concurrent detail calls
	logger   *slog.Logger // the unit and service already attached; nil logs nothing
	partial  *partials    // the detail calls that failed without failing the service (nil: not collected)
}

// columns are a record's values keyed by the spec's column names.
type columns map[string]string

// record builds a record of the session's service. Every column of the spec
// is present: a missing or empty value becomes a dash. Keys the spec does
// not name are kept, so the tests notice a misspelt column.
func (s *session) record(id, arn, name string, tags map[string]string, cols columns) inventory.Record {
	out := make(map[string]string, len(s.service.Columns))
	for _, c := range s.service.Columns {
		out[c] = "-"
	}
	for k, v := range cols {
		out[k] = dash(v)
	}
	return inventory.Record{
		Service:      s.service.Key,
		ResourceType: s.service.ResourceType,
		AccountID:    s.account,
		Region:       s.region,
		ID:           id,
		ARN:          arn,
		Name:         name,
		Tags:         tags,
		Columns:      out,
	}
}

// forEach runs fn for every item with at most s.parallel calls in flight
// and returns the first error. Scanners use it for per-resource detail
// calls (target health, subscriptions, ...), which the API budget paces.
func forEach[T any](ctx context.Context, s *session, items []T, fn func(ctx context.Context, item T) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, s.parallel))
	for _, it := range items {
		g.Go(func() error { return fn(ctx, it) })
	}
	return g.Wait()
}

// eachPage walks a paginator: more and next are its HasMorePages and
// NextPage methods, each handles a page. An error is wrapped with what
// and the scanner line that called eachPage.
func eachPage[O, Opt any](ctx context.Context, what string, more func() bool, next func(context.Context, ...func(Opt)) (O, error), each func(O)) error {
	for more() {
		out, err := next(ctx)
		if err != nil {
			return failAt(err, what, 2)
		}
		each(out)
	}
	return nil
}

// arn builds the ARN of a resource the API does not return one for, in
// the session's account and API region.
func (s *session) arn(service, resource string) string {
	return "arn:aws:" + service + ":" + s.cfg.Region + ":" + s.account + ":" + resource
}
