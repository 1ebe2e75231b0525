package sqsqueue

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type fakeSQS struct{ sent []*sqs.SendMessageInput }

func (f *fakeSQS) SendMessage(_ context.Context, in *sqs.SendMessageInput, _ ...func(*sqs.Options)) (*sqs.SendMessageOutput, error) {
	f.sent = append(f.sent, in)
	return &sqs.SendMessageOutput{}, nil
}

func TestEnqueueCapsTheDelay(t *testing.T) {
	f := &fakeSQS{}
	q := Queue{Client: f, QueueURL: "https://sqs.eu-west-1.amazonaws.com/123456789012/notify"}
	for _, d := range []time.Duration{-time.Second, 0, 1500 * time.Millisecond, 2 * time.Minute, time.Hour} {
		if err := q.Enqueue(context.Background(), "ws1", "d1", d); err != nil {
			t.Fatal(err)
		}
	}
	want := []int32{0, 0, 2, 120, 900}
	for i, in := range f.sent {
		var m Message
		if err := json.Unmarshal([]byte(*in.MessageBody), &m); err != nil || m.WorkspaceID != "ws1" || m.DeliveryID != "d1" {
			t.Fatalf("body %s: %v", *in.MessageBody, err)
		}
		if in.DelaySeconds != want[i] || *in.QueueUrl != q.QueueURL {
			t.Fatalf("message %d: delay %d, want %d", i, in.DelaySeconds, want[i])
		}
	}
}

type deliverer map[string]error

func (d deliverer) Deliver(_ context.Context, _, id string) error { return d[id] }

func TestHandlerReportsFailedItems(t *testing.T) {
	h := Handler(deliverer{"broken": errors.New("table unavailable")}, nil)
	resp, err := h(context.Background(), events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "m1", Body: `{"workspaceId":"ws1","deliveryId":"fine"}`},
		{MessageId: "m2", Body: `{"workspaceId":"ws1","deliveryId":"broken"}`},
		{MessageId: "m3", Body: `not json`},
		{MessageId: "m4", Body: `{"workspaceId":"ws1"}`},
	}})
	if err != nil || len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != "m2" {
		t.Fatalf("%+v %v", resp, err)
	}
}

func TestEntryDispatchesBatchesAndSweeps(t *testing.T) {
	var delivered []string
	d := delivererFunc(func(_ context.Context, ws, id string) error { delivered = append(delivered, ws+"/"+id); return nil })
	swept := 0
	entry := Entry(d, func(context.Context) (int, error) { swept++; return 2, nil }, nil)
	if _, err := entry(context.Background(), json.RawMessage(`{"detail-type":"Scheduled Event","source":"aws.events"}`)); err != nil || swept != 1 {
		t.Fatalf("sweep: %v, %d", err, swept)
	}
	batch := `{"Records":[{"messageId":"m1","body":"{\"workspaceId\":\"W\",\"deliveryId\":\"D\"}"}]}`
	if _, err := entry(context.Background(), json.RawMessage(batch)); err != nil || len(delivered) != 1 || delivered[0] != "W/D" || swept != 1 {
		t.Fatalf("batch: %v, %v", err, delivered)
	}
	if _, err := entry(context.Background(), json.RawMessage(`[1]`)); err == nil {
		t.Fatal("an unknown event was taken")
	}
}

type delivererFunc func(ctx context.Context, ws, id string) error

func (f delivererFunc) Deliver(ctx context.Context, ws, id string) error { return f(ctx, ws, id) }
