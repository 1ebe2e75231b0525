package localsfn

import "github.com/aws/aws-lambda-go/lambda/messages"

// messagesError is how a Go Lambda handler picks its error's name.
func messagesError(typ, msg string) error {
	return messages.InvokeResponse_Error{Type: typ, Message: msg}
}
