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
