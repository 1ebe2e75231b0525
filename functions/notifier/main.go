// Command notifier delivers notifications: fed by the notification queue,
// it sends each delivery once and queues the next attempt, with backoff,
// when the receiver failed in a way worth retrying.
package main

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/cloudcensus/cloudcensus/functions/internal/channels"
	"github.com/cloudcensus/cloudcensus/functions/internal/keys"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications/sqsqueue"
	"github.com/cloudcensus/cloudcensus/functions/internal/secrets"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

func main() {
	env := lambdaenv.MustLoad("notifier")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	q := sqsqueue.Queue{Client: sqs.NewFromConfig(env.AWS), QueueURL: env.Get(lambdaenv.NotifyQueueURL)}
	n := notifications.NewNotifier(notifications.NotifierDeps{Store: st, Box: secrets.New(keys.NewKMS(env.AWS, env.Get(lambdaenv.KMSKeyID))),
		Sender: channels.NewDeployedSender(env.AWS, env.Get(lambdaenv.MailFrom)), Queue: q, Logger: env.Log})
	// Every five minutes a scheduled event sweeps the deliveries whose
	// message was lost back onto the queue.
	env.Start(sqsqueue.Entry(n, func(ctx context.Context) (int, error) { return notifications.Sweep(ctx, st, q, time.Now()) }, env.Log))
}
