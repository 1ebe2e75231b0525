package channels

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/smithy-go"
)

// This file is the one place the package reaches AWS: the Mailer of the
// deployed stack, over Amazon SES v2.

// SESClient is what SESMailer needs of *sesv2.Client.
type SESClient interface {
	SendEmail(ctx context.Context, in *sesv2.SendEmailInput, optFns ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error)
}

var _ SESClient = (*sesv2.Client)(nil)

// SESMailer sends each message as SES raw content (the message Sender
// rendered, headers and all). ConfigurationSet, when set, names the SES
// configuration set (event publishing, suppression) to send through.
type SESMailer struct {
	Client           SESClient
	ConfigurationSet string
}

var _ Mailer = SESMailer{}

// sesPermanent are the SES error codes a retry cannot fix: a refused
// message or recipient, an unverified identity, an account that may not
// send. Throttling, quotas and service errors stay retryable.
var sesPermanent = map[string]bool{
	"MessageRejected":                    true,
	"MailFromDomainNotVerifiedException": true,
	"AccountSuspendedException":          true,
	"SendingPausedException":             true,
	"BadRequestException":                true,
	"NotFoundException":                  true,
}

// Send hands raw to SES for the envelope from and to.
func (m SESMailer) Send(ctx context.Context, from string, to []string, raw []byte) error {
	in := &sesv2.SendEmailInput{
		FromEmailAddress: &from,
		Destination:      &types.Destination{ToAddresses: to},
		Content:          &types.EmailContent{Raw: &types.RawMessage{Data: raw}},
	}
	if m.ConfigurationSet != "" {
		in.ConfigurationSetName = &m.ConfigurationSet
	}
	if _, err := m.Client.SendEmail(ctx, in); err != nil {
		var ae smithy.APIError
		if errors.As(err, &ae) && sesPermanent[ae.ErrorCode()] {
			// The API's message may name the identity; the code says enough.
			return fmt.Errorf("SES refused the message (%s): %w", ae.ErrorCode(), ErrPermanent)
		}
		return fmt.Errorf("SES SendEmail: %w", err)
	}
	return nil
}

// NewDeployedSender is the sender of a deployed function: receivers must
// be public https addresses (the zero Policy) and e-mail goes through
// SES from from (no e-mail when from is empty).
func NewDeployedSender(cfg aws.Config, from string) *Sender {
	var m Mailer
	if from != "" {
		m = SESMailer{Client: sesv2.NewFromConfig(cfg)}
	}
	return NewSender(Policy{}, m, from)
}
