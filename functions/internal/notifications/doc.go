// Package notifications serves the notification channels of a workspace
// (/api/notification-channels: create, list, update, delete, send a test,
// the delivery log) and delivers events to them.
//
// Delivery is at least once and never blocks the producer: Publisher
// stores one Delivery per subscribed channel (keyed by channel and event,
// so a repeated publish doubles nothing) and hands its id to a Queue;
// Notifier.Deliver, called from the queue (SQS and the notifier Lambda in
// AWS, LocalQueue in local mode), sends it once through channels.Sender,
// records the attempt, and schedules the next one with backoff when the
// receiver answered 5xx or 429 or could not be reached. A channel gets
// only what it subscribed to and only what its creator may see
// (Audience). Channel configurations (webhook URLs with their tokens,
// signing secrets) are stored sealed by the secrets box and answered
// masked.
//
// It must not import the task flow, the scanner or the report: events
// arrive as event.Event.
package notifications
