package taskflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/awsclient"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

// unitStore is a running task that, with deleteOnFinish, is deleted while
// its unit scans: the unit's outcome finds no row to count on, and the
// task is gone afterwards.
type unitStore struct {
	Store
	deleteOnFinish, deleted bool
	signIns                 int
}

func (u *unitStore) GetTask(_ context.Context, _, id string) (*domain.Task, error) {
	if u.deleted {
		return nil, domain.NotFound("task")
	}
	return &domain.Task{ID: id, Status: domain.TaskRunning}, nil
}
func (u *unitStore) UnitStarted(context.Context, string, string, string, string, string, time.Time) error {
	return nil
}
func (u *unitStore) GetCredentials(context.Context, string, []string) ([]domain.Credential, error) {
	return []domain.Credential{{ID: "c1", AccountID: "111111111111"}}, nil
}
func (u *unitStore) FinishUnit(context.Context, string, string, domain.UnitState, time.Time) (bool, error) {
	if u.deleteOnFinish {
		u.deleted = true
		return false, nil
	}
	return true, nil
}
func (u *unitStore) AddLogs(context.Context, string, ...domain.TaskLog) error { return nil }
func (u *unitStore) NoteScanSignIn(context.Context, string, string, time.Time) error {
	u.signIns++
	return nil
}

type noCreds struct{}

func (noCreds) Config(context.Context, *domain.Credential, string, awsclient.Purpose) (aws.Config, error) {
	return aws.Config{}, nil
}

func (noCreds) MemberConfig(context.Context, *domain.Credential, string, string, awsclient.Purpose) (aws.Config, error) {
	return aws.Config{}, nil
}

func (noCreds) Discover(context.Context, *domain.Credential, awsclient.Purpose) ([]domain.OrgAccount, error) {
	return nil, nil
}

type oneRecord struct{}

func (oneRecord) Scan(_ context.Context, u inventory.Unit, _ aws.Config) *inventory.Result {
	return &inventory.Result{Unit: &u, Records: []inventory.Record{{Service: "vpc", ID: "vpc-1"}}}
}

func (m *memResults) Delete(_ context.Context, key string) error {
	delete(m.files, key)
	return nil
}

// A unit that finishes after its task was deleted removes the result it
// wrote: nothing of a deleted task stays in the bucket.
func TestUnitOfADeletedTaskRemovesItsResult(t *testing.T) {
	for _, deleted := range []bool{true, false} {
		st := &unitStore{deleteOnFinish: deleted}
		res := &memResults{files: map[string][]byte{}}
		f := &Flow{Store: st, Resolver: noCreds{}, Scanner: oneRecord{}, Results: res, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		u := inventory.Unit{TaskID: "T", CredentialID: "c1", AccountID: "111111111111", Region: "eu-west-1"}
		if _, err := f.ScanUnit(context.Background(), workflow.UnitInput{WorkspaceID: "ws", TaskID: "T", Unit: u}); err != nil {
			t.Fatal(err)
		}
		if _, kept := res.files[u.Key()]; kept == deleted {
			t.Fatalf("task deleted %v: result kept %v", deleted, kept)
		}
	}
}

// logStore keeps the log lines of a unit that cannot sign in.
type logStore struct {
	unitStore
	lines []domain.TaskLog
}

func (l *logStore) AddLogs(_ context.Context, _ string, lines ...domain.TaskLog) error {
	l.lines = append(l.lines, lines...)
	return nil
}

type failingResolver struct{ err error }

func (f failingResolver) Config(context.Context, *domain.Credential, string, awsclient.Purpose) (aws.Config, error) {
	return aws.Config{}, f.err
}

func (f failingResolver) MemberConfig(context.Context, *domain.Credential, string, string, awsclient.Purpose) (aws.Config, error) {
	return aws.Config{}, f.err
}

func (f failingResolver) Discover(context.Context, *domain.Credential, awsclient.Purpose) ([]domain.OrgAccount, error) {
	return nil, f.err
}

// A unit's log line is a classified reason; the internal chain (instance
// metadata, AssumeRole, Go error types) is only in its details.
func TestUnitLogsAClassifiedReason(t *testing.T) {
	imds := fmt.Errorf("assume role: %w", fmt.Errorf("operation error STS: AssumeRole, get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, %w",
		&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}))
	for _, tc := range []struct {
		name       string
		err        error
		want       string
		notInShown []string
	}{
		{"no platform identity", imds, "no AWS identity", []string{"IMDS", "AssumeRole", "*net.OpError", "169.254"}},
		{"role refuses", errors.New("operation error STS: AssumeRole, https response error StatusCode: 403, api error AccessDenied: User: arn:aws:sts::1:assumed-role/x is not authorized to perform: sts:AssumeRole"),
			"refused the sign-in (sts:AssumeRole)", []string{"arn:aws:sts", "StatusCode"}},
		{"anything else", errors.New("*smithy.OperationError: boom"), "could not sign in", []string{"smithy", "boom"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &logStore{}
			f := &Flow{Store: st, Resolver: failingResolver{tc.err}, Scanner: oneRecord{}, Results: &memResults{files: map[string][]byte{}},
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
			u := inventory.Unit{TaskID: "T", CredentialID: "c1", AccountID: "111111111111", Region: "eu-west-1"}
			if _, err := f.ScanUnit(context.Background(), workflow.UnitInput{WorkspaceID: "ws", TaskID: "T", Unit: u}); err == nil {
				t.Fatal("a unit that cannot sign in succeeded")
			}
			if len(st.lines) != 1 {
				t.Fatalf("log lines %+v", st.lines)
			}
			l := st.lines[0]
			if !strings.Contains(l.Message, tc.want) || !strings.Contains(l.Message, "111111111111") {
				t.Fatalf("message %q, want it to say %q and name the account", l.Message, tc.want)
			}
			for _, s := range tc.notInShown {
				if strings.Contains(l.Message, s) {
					t.Fatalf("message %q shows %q", l.Message, s)
				}
			}
			if !strings.Contains(l.Details, tc.err.Error()[:20]) {
				t.Fatalf("details %q lost the chain", l.Details)
			}
		})
	}
}

func TestServiceReasons(t *testing.T) {
	for _, tc := range []struct {
		c    inventory.Coverage
		want string
	}{
		{inventory.Coverage{Status: inventory.StatusAccessDenied, Action: "ec2:DescribeVpcs", Error: "operation error EC2: DescribeVpcs, api error UnauthorizedOperation"},
			"Access denied by the account's IAM policy (ec2:DescribeVpcs)"},
		{inventory.Coverage{Status: inventory.StatusRegionDisabled}, "The region is not enabled in this account"},
		{inventory.Coverage{Status: inventory.StatusError, Action: "rds:DescribeDBInstances", Error: "*errors.errorString: x"}, "AWS answered an error (rds:DescribeDBInstances)"},
	} {
		if got := serviceReason(tc.c); !strings.HasPrefix(got, tc.want) || strings.Contains(got, "operation error") || strings.Contains(got, "*errors") {
			t.Errorf("%s: %q, want %q", tc.c.Status, got, tc.want)
		}
	}
}

func TestTaskFailureReasonHidesTheChain(t *testing.T) {
	for _, tc := range []struct{ name, cause, want string }{
		{"*fmt.wrapError", "plan task T: get credentials: operation error DynamoDB: BatchGetItem, https response error", "could not be planned"},
		{"States.Timeout", "", "time limit"},
		{"Lambda.Unknown", `{"errorMessage":"runtime: out of memory","errorType":"runtime.Error"}`, "internal error"},
	} {
		got := taskFailureReason(tc.name, workflow.CauseMessage(tc.cause))
		if !strings.Contains(got, tc.want) || strings.Contains(got, "operation error") || strings.Contains(got, "*fmt") || strings.Contains(got, "runtime") {
			t.Errorf("%s: %q", tc.name, got)
		}
	}
}

// oneFailure is a scan whose vpc service failed with the SDK's chain.
type oneFailure struct{}

func (oneFailure) Scan(_ context.Context, u inventory.Unit, _ aws.Config) *inventory.Result {
	return &inventory.Result{Unit: &u, Coverage: []inventory.Coverage{{Service: "vpc", AccountID: u.AccountID, Region: u.Region,
		Status: inventory.StatusAccessDenied, Action: "ec2:DescribeVpcs",
		Error:   "operation error EC2: DescribeVpcs, https response error StatusCode: 403, RequestID: 5f1e, api error UnauthorizedOperation: You are not authorized; arn:aws:sts::111111111111:assumed-role/CloudCensusScanner/x",
		Details: "*smithy.OperationError at scanner/vpc.go:42"}}}
}

type unitRowStore struct {
	logStore
	rows []domain.UnitState
}

func (u *unitRowStore) FinishUnit(_ context.Context, _, _ string, st domain.UnitState, _ time.Time) (bool, error) {
	u.rows = append(u.rows, st)
	return true, nil
}

// The unit row every reader of the task sees says why a service failed in
// words; the chain stays in the log line's details, for administrators.
func TestUnitRowCoverageIsClassified(t *testing.T) {
	st := &unitRowStore{}
	f := &Flow{Store: st, Resolver: noCreds{}, Scanner: oneFailure{}, Results: &memResults{files: map[string][]byte{}},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	u := inventory.Unit{TaskID: "T", CredentialID: "c1", AccountID: "111111111111", Region: "eu-west-1"}
	if _, err := f.ScanUnit(context.Background(), workflow.UnitInput{WorkspaceID: "ws", TaskID: "T", Unit: u}); err != nil {
		t.Fatal(err)
	}
	if len(st.rows) != 1 || len(st.rows[0].Coverage) != 1 {
		t.Fatalf("rows %+v", st.rows)
	}
	c := st.rows[0].Coverage[0]
	if c.Error != "Access denied by the account's IAM policy (ec2:DescribeVpcs)" || c.Details != "" {
		t.Fatalf("row coverage error %q details %q", c.Error, c.Details)
	}
	for _, l := range st.lines {
		if strings.Contains(l.Details, "RequestID: 5f1e") {
			return
		}
	}
	t.Fatalf("the log lost the chain: %+v", st.lines)
}
