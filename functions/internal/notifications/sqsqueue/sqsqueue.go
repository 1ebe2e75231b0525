// Package sqsqueue is the notification queue of the deployed stack: an SQS
// queue (with a dead-letter queue) between the producers of deliveries
// (the publisher in the task-events function, the notifier's own retries)
// and the notifier Lambda. It is apart from package notifications so the
// API function serving the channel routes does not link the SQS client.
//
// It must not import the store or the HTTP layer.
package sqsqueue

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/cloudcensus/cloudcensus/functions/internal/notifications"
)

// Client is what Queue needs of *sqs.Client.
type Client interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, optFns ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
}

var _ Client = (*sqs.Client)(nil)

// MaxDelay is the longest delay SQS holds a message; the notifier enqueues
// again whatever arrives before its time.
const MaxDelay = 15 * time.Minute

// Message is the body of a queued delivery.
type Message struct {
	WorkspaceID string `json:"workspaceId"`
	DeliveryID  string `json:"deliveryId"`
}

// Queue sends one message per delivery attempt (notifications.Queue).
type Queue struct {
	Client   Client
	QueueURL string
}

// Enqueue sends the delivery's message with DelaySeconds = delay, at most
// 15 minutes.
func (q Queue) Enqueue(ctx context.Context, ws, deliveryID string, delay time.Duration) error {
	body, err := json.Marshal(Message{WorkspaceID: ws, DeliveryID: deliveryID})
	if err != nil {
		return err
	}
	secs := int32(min(max(delay, 0), MaxDelay).Round(time.Second) / time.Second)
	s := string(body)
	_, err = q.Client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &q.QueueURL, MessageBody: &s, DelaySeconds: secs})
	if err != nil {
		return fmt.Errorf("enqueue delivery %s: %w", deliveryID, err)
	}
	return nil
}

// Deliverer makes one attempt of a stored delivery (*notifications.Notifier).
type Deliverer interface {
	Deliver(ctx context.Context, ws, deliveryID string) error
}

// Handler is the notifier Lambda's handler (an SQS event source with
// ReportBatchItemFailures): it delivers each message and reports those
// whose attempt could not be made or recorded, so SQS hands only them
// over again and, past the queue's receive limit, to the dead-letter
// queue. A message that is not a delivery is logged and dropped.
func Handler(d Deliverer, log *slog.Logger) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	if log == nil {
		log = slog.Default()
	}
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		var resp events.SQSEventResponse
		for _, m := range ev.Records {
			var msg Message
			if err := json.Unmarshal([]byte(m.Body), &msg); err != nil || msg.WorkspaceID == "" || msg.DeliveryID == "" {
				log.Error("notifier message dropped: not a delivery", "messageId", m.MessageId)
				continue
			}
			if err := d.Deliver(ctx, msg.WorkspaceID, msg.DeliveryID); err != nil {
				log.Error("delivery attempt failed", "messageId", m.MessageId, "workspace", msg.WorkspaceID,
					"delivery", msg.DeliveryID, "error", err.Error())
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
			}
		}
		return resp, nil
	}
}

// Store is what a deployed publisher needs of the table.
type Store interface {
	notifications.PublishStore
	notifications.AudienceStore
}

// NewPublisher is the publisher of a deployed producer (task-events,
// report-build, schedule-run): deliveries stored in st, queued on the
// notification queue at queueURL.
func NewPublisher(cfg aws.Config, queueURL string, st Store, log *slog.Logger) *notifications.Publisher {
	return notifications.NewPublisher(st, notifications.StoreAudience{Store: st}, Queue{Client: sqs.NewFromConfig(cfg), QueueURL: queueURL}, log)
}

// Entry is the notifier's entry point: a batch from the notification
// queue is delivered (Handler); EventBridge's scheduled event runs sweep,
// which queues again the deliveries whose message was lost.
func Entry(d Deliverer, sweep func(context.Context) (int, error), log *slog.Logger) func(context.Context, json.RawMessage) (any, error) {
	if log == nil {
		log = slog.Default()
	}
	handle := Handler(d, log)
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		var probe struct {
			DetailType string `json:"detail-type"`
		}
		_ = json.Unmarshal(raw, &probe)
		if probe.DetailType == "Scheduled Event" {
			n, err := sweep(ctx)
			if err != nil {
				return nil, err
			}
			log.Info("notification sweep", "requeued", n)
			return nil, nil
		}
		var ev events.SQSEvent
		if err := json.Unmarshal(raw, &ev); err != nil {
			return nil, fmt.Errorf("notifier: neither a queue batch nor a scheduled event: %w", err)
		}
		return handle(ctx, ev)
	}
}
