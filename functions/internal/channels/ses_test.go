package channels

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

type fakeSES struct {
	in  *sesv2.SendEmailInput
	err error
}

func (f *fakeSES) SendEmail(_ context.Context, in *sesv2.SendEmailInput, _ ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error) {
	f.in = in
	return &sesv2.SendEmailOutput{}, f.err
}

func TestSESMailer(t *testing.T) {
	ctx := context.Background()
	f := &fakeSES{}
	m := SESMailer{Client: f, ConfigurationSet: "notify"}
	raw := []byte("Subject: hi\r\n\r\nbody")
	if err := m.Send(ctx, "notify@example.com", []string{"a@example.com"}, raw); err != nil {
		t.Fatal(err)
	}
	if *f.in.FromEmailAddress != "notify@example.com" || f.in.Destination.ToAddresses[0] != "a@example.com" ||
		string(f.in.Content.Raw.Data) != string(raw) || *f.in.ConfigurationSetName != "notify" {
		t.Fatalf("input %+v", f.in)
	}
	for _, tc := range []struct {
		err       error
		permanent bool
	}{
		{&types.MessageRejected{Message: new(string)}, true},
		{&types.MailFromDomainNotVerifiedException{}, true},
		{&types.AccountSuspendedException{}, true},
		{&types.TooManyRequestsException{}, false},
		{&types.InternalServiceErrorException{}, false},
		{errors.New("connection reset"), false},
	} {
		f.err = tc.err
		err := m.Send(ctx, "notify@example.com", []string{"a@example.com"}, raw)
		if err == nil || errors.Is(err, ErrPermanent) != tc.permanent {
			t.Errorf("%T: %v, permanent %v", tc.err, err, errors.Is(err, ErrPermanent))
		}
	}
	// Through Sender, a permanent refusal is not retryable.
	f.err = &types.MessageRejected{}
	s := &Sender{Mailer: m, From: "CloudCensus <notify@example.com>"}
	r := s.Send(ctx, Email, Config{Recipients: []string{"a@example.com"}}, events("ses", 1)[0])
	if r.OK() || r.Retryable {
		t.Fatalf("rejected: %+v", r)
	}
}
