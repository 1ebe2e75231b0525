package awssim

import (
	"errors"
	"reflect"
	"slices"
	"time"

	"github.com/aws/smithy-go"
)

// Call is one attempt the simulator answered.
type Call struct {
	Time      time.Time
	Account   string
	Region    string
	Service   string // SDK service ID, e.g. "EC2"
	Operation string // e.g. "DescribeVpcs"
	Continued bool   // the input carried a pagination token: a page after the first
	Outcome   string // "ok", or the error code answered
}

// Calls returns a copy of the call log, in arrival order.
func (s *Sim) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// CallCount counts the logged calls of an operation ("" matches any).
func (s *Sim) CallCount(service, operation string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if (service == "" || c.Service == service) && (operation == "" || c.Operation == operation) {
			n++
		}
	}
	return n
}

// ResetCalls empties the call log.
func (s *Sim) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

func (s *Sim) logCall(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
}

func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return err.Error()
}

// tokenFields are the input fields AWS APIs carry a page token in.
var tokenFields = []string{"NextToken", "Marker", "ContinuationToken", "StartingToken", "StartRecordName", "NextMarker"}

// continued reports whether an operation input asks for a page after the
// first one.
func continued(input any) bool {
	v := reflect.ValueOf(input)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return false
	}
	v = v.Elem()
	for _, name := range tokenFields {
		f := v.FieldByName(name)
		if f.IsValid() && f.Kind() == reflect.Pointer && !f.IsNil() && f.Elem().Kind() == reflect.String && f.Elem().String() != "" {
			return true
		}
	}
	return false
}
