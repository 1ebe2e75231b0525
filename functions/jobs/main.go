// Command jobs runs exports and report rebuilds, invoked asynchronously
// by the functions whose routes start them, and the scheduled chores: the
// daily report retention and the minute's housekeeping (approval expiry,
// the security monitor's tick over the audit log).
package main

import (
	"context"
	"os"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/approvals"
	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/jobs"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/monitor"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications/sqsqueue"
	"github.com/cloudcensus/cloudcensus/functions/internal/reports"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

func main() {
	env := lambdaenv.MustLoad("jobs")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	results := blob.New(env.AWS, env.Get(lambdaenv.ResultsBucket), blob.Options{SSE: true})
	b := reports.NewBuilder(st, results, blob.New(env.AWS, env.Get(lambdaenv.ReportsBucket), blob.Options{SSE: true}), os.TempDir())
	approve := approvals.New(approvals.Deps{Store: st})
	expire := func(ctx context.Context, now time.Time) error {
		n, err := approve.Expire(ctx, now)
		env.Log.InfoContext(ctx, "approval requests expired", "count", n)
		return err
	}
	watch := monitor.New(st, sqsqueue.NewPublisher(env.AWS, env.Get(lambdaenv.NotifyQueueURL), st, env.Log), monitor.Options{Logger: env.Log})
	alerts := func(ctx context.Context, now time.Time) error {
		stats, err := watch.Tick(ctx, now)
		env.Log.InfoContext(ctx, "security monitor tick", "stats", stats)
		return err
	}
	env.Start(jobs.NewWorker(st, results, b, os.TempDir(), env.Log).WithRetention(b.Retention(st, env.Log)).
		WithHousekeeping(expire).WithHousekeeping(alerts).Run)
}
