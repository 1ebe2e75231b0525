// Package localapp runs the whole product on one machine: it starts the
// local stand-ins for AWS (DynamoDB Local, versitygw, cognito-local, the
// local key service, the Step Functions runner), creates the table and
// buckets, seeds a workspace and an admin, and builds every domain over
// them the way each Lambda's main builds its own in AWS, then mounts the
// whole route table on one mux. The local binary and the end-to-end tests
// both use it.
package localapp

import (
	"context"
	"sync/atomic"

	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/api"
	"github.com/cloudcensus/cloudcensus/functions/internal/authorizer"
	"github.com/cloudcensus/cloudcensus/functions/internal/awsclient"
	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/channels"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/jobs"
	"github.com/cloudcensus/cloudcensus/functions/internal/keys"
	"github.com/cloudcensus/cloudcensus/functions/internal/monitor"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/localsfn"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
	"github.com/cloudcensus/cloudcensus/functions/internal/schedules"
	"github.com/cloudcensus/cloudcensus/functions/internal/secrets"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/system"
	"github.com/cloudcensus/cloudcensus/functions/internal/workspaces"
)

// Config of a local run.
type Config struct {
	DataDir       string // where state lives (CLOUDCENSUS_DATA_DIR)
	InMemory      bool   // keep DynamoDB in memory (tests)
	AdminUsername string // seeded admin (CLOUDCENSUS_ADMIN_USERNAME)
	AdminPassword string // generated when empty (CLOUDCENSUS_ADMIN_PASSWORD)
	DynamoDBPort  int    // 0 picks a free port
	S3Port        int
	CognitoPort   int
	Origins       []string
	// RevocationBound is how old the caller's rights may be (rights.Bound
	// when zero); tests shorten it.
	RevocationBound time.Duration
	// Clock drives the local scheduler (the real time when nil); tests
	// advance a fake one.
	Clock schedules.Clock
	// Sim is the simulated AWS behind the demo credentials (nil: the demo
	// estate); benchmarks bring a larger one.
	Sim *awssim.Sim
	// Transport carries the calls to DynamoDB Local and the S3 server
	// (nil: the default); benchmarks count them.
	Transport http.RoundTripper
}

// Names of the local table and buckets.
const (
	TableName     = "cloudcensus"
	ResultsBucket = "cloudcensus-results"
	ReportsBucket = "cloudcensus-reports"
)

// Local is a running local product.
type Local struct {
	Logger       *slog.Logger
	Store        *store.Store
	Results      *blob.Store // unit results, uploads, templates
	Reports      *blob.Store // generated documents
	System       *system.Service
	Origins      []string // the console's origin, for CORS
	Pool         *identity.Pool
	Authorizer   *authorizer.Authorizer
	Secrets      *secrets.Box
	Resolver     *awsclient.Resolver
	Orchestrator *localsfn.Local
	Region       string
	Budget       *budget.Registry             // the API budget shared by every unit of the process
	Jobs         *jobs.Local                  // the exports and rebuilds in flight
	replayMux    atomic.Pointer[http.Handler] // the latest mux, where approved calls replay
	// Notifications: receivers may be on loopback here; e-mail is written
	// as .eml files under the data folder's mail/.
	Sender     *channels.Sender
	Deliveries *notifications.LocalQueue
	Publisher  *notifications.Publisher
	consoleURL string
	clock      schedules.Clock // the local scheduler's, which nextRuns reads too

	revocationBound time.Duration

	Keys          *keys.Local
	WorkspaceID   string
	AdminUsername string
	AdminPassword string
	Demo          *awssim.Sim // the simulated AWS behind the demo credentials
	procs         []*standin.Process
	closers       []func()
	died          chan error
	cognitoURL    string
}

// state is what a data folder remembers between runs.
type state struct {
	WorkspaceID   string `json:"workspaceId"`
	PoolID        string `json:"poolId"`
	ClientID      string `json:"clientId"`
	AdminUsername string `json:"adminUsername"`
	AdminPassword string `json:"adminPassword"`
}

// Start brings the stack up; sys is the system service whose health
// route turns ready at the end.
func Start(ctx context.Context, cfg Config, sys *system.Service, log *slog.Logger) (l *Local, err error) {
	if cfg.DataDir == "" {
		return nil, errors.New("no data folder: set CLOUDCENSUS_DATA_DIR")
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", cfg.DataDir, err)
	}
	tools, err := standin.FindTools()
	if err != nil {
		return nil, err
	}
	l = &Local{died: make(chan error, 4)}
	defer func() {
		if err != nil {
			l.Close()
		}
	}()
	ddbDir := filepath.Join(cfg.DataDir, "dynamodb")
	if cfg.InMemory {
		ddbDir = ""
	}
	ddbPort, err := port(cfg.DynamoDBPort)
	if err != nil {
		return nil, err
	}
	ddb, ddbURL, err := standin.StartDynamoDB(ctx, tools, ddbPort, ddbDir)
	if err != nil {
		return nil, err
	}
	l.watch(ddb)
	s3Port, err := port(cfg.S3Port)
	if err != nil {
		return nil, err
	}
	s3, s3URL, err := standin.StartS3(ctx, tools, s3Port, filepath.Join(cfg.DataDir, "s3"), standin.AccessKey, standin.SecretKey)
	if err != nil {
		return nil, err
	}
	l.watch(s3)
	cogPort, err := port(cfg.CognitoPort)
	if err != nil {
		return nil, err
	}
	cog, cogURL, err := standin.StartCognito(ctx, tools, cogPort, filepath.Join(cfg.DataDir, "cognito"))
	if err != nil {
		return nil, err
	}
	l.watch(cog)
	l.cognitoURL = cogURL
	log.Info("local stand-ins up", "dynamodb", ddbURL, "s3", s3URL, "cognito", cogURL)

	l.Keys, err = keys.OpenLocal(filepath.Join(cfg.DataDir, "keys", "master.key"))
	if err != nil {
		return nil, err
	}
	ddbCfg := standin.AWSConfig(ddbURL)
	if cfg.Transport != nil {
		ddbCfg.HTTPClient = &http.Client{Transport: cfg.Transport}
	}
	st := store.New(ddbCfg, TableName)
	if err := st.EnsureTable(ctx); err != nil {
		return nil, err
	}
	s3cfg := standin.AWSConfig(s3URL)
	if cfg.Transport != nil {
		s3cfg.HTTPClient = &http.Client{Transport: cfg.Transport}
	}
	results := blob.New(s3cfg, ResultsBucket, blob.Options{PathStyle: true})
	reports := blob.New(s3cfg, ReportsBucket, blob.Options{PathStyle: true})
	for _, b := range []*blob.Store{results, reports} {
		if err := b.EnsureBucket(ctx); err != nil {
			return nil, err
		}
	}
	if len(cfg.Origins) > 0 {
		if err := results.AllowBrowserUploads(ctx, cfg.Origins); err != nil {
			return nil, err
		}
	}
	l.Logger, l.Store, l.Results, l.Reports, l.System, l.Origins = log, st, results, reports, sys, cfg.Origins
	// Exports and rebuilds run beside the request that started them, as
	// the jobs function does; a shutdown waits for them.
	l.Jobs = &jobs.Local{Worker: jobs.NewWorker(st, results, l.ReportBuilder(), os.TempDir(), log), Log: log}
	l.closers = append(l.closers, l.Jobs.Wait)
	l.Secrets, l.Region, l.Budget = secrets.New(l.Keys), standin.Region, budget.NewRegistry(0)
	l.revocationBound = cfg.RevocationBound
	if l.revocationBound == 0 {
		l.revocationBound = rights.Bound
	}
	l.startNotifications(cfg)
	l.Demo = cfg.Sim
	if l.Demo == nil {
		l.Demo = awssim.Demo()
	}
	platform, err := platformConfig(ctx)
	if err != nil {
		return nil, err
	}
	l.Resolver = awsclient.New(awsclient.Options{Base: platform, BaseRoles: st, Secrets: l.Secrets, Demo: l.Demo.Config,
		PrincipalARN: localPrincipal(ctx, platform)})
	orch, err := localsfn.StartLocal(ctx, localsfn.LocalConfig{Tools: tools, Buckets: []localsfn.Bucket{results}, Logger: log})
	if err != nil {
		return nil, err
	}
	l.closers = append(l.closers, func() { _ = orch.Close() })
	l.watch(orch.Process())
	l.Orchestrator = orch
	flow := l.Flow()
	orch.Register(workflow.FunctionScanPlan, localsfn.Typed(flow.Plan))
	orch.Register(workflow.FunctionScanUnit, localsfn.Typed(flow.ScanUnit))
	orch.Register(workflow.FunctionReportBuild, localsfn.Typed(flow.ReportBuild))
	orch.Register(workflow.FunctionTaskEvents, localsfn.Typed(flow.TaskEvent))
	orch.OnStatusChange(flow.StatusChange)
	if err := l.seed(ctx, cfg); err != nil {
		return nil, err
	}
	l.startScheduler(cfg.Clock)
	l.startRetention()
	l.startHousekeeping()
	// Deliveries a stop left pending go out again.
	if _, err := l.Deliveries.Resume(ctx); err != nil {
		return nil, fmt.Errorf("resume notifications: %w", err)
	}
	sys.Ready(map[string]system.Checker{"dynamodb": st, "s3-results": results, "s3-reports": reports, "cognito": pinger(l.cognitoURL + "/health")})
	return l, nil
}

// startNotifications runs the delivery queue in process: the notifier's
// code behind a local queue, and the publisher the task flow uses.
func (l *Local) startNotifications(cfg Config) {
	l.Sender = channels.NewSender(channels.Policy{AllowLoopbackHTTP: true}, channels.EMLDir{Dir: filepath.Join(cfg.DataDir, "mail")}, LocalMailFrom)
	l.Deliveries = notifications.NewLocalQueue(l.Store, 4, l.Logger)
	l.Deliveries.Start(notifications.NewNotifier(notifications.NotifierDeps{Store: l.Store, Box: l.Secrets, Sender: l.Sender,
		Queue: l.Deliveries, Logger: l.Logger}))
	l.closers = append(l.closers, l.Deliveries.Close)
	l.Publisher = notifications.NewPublisher(l.Store, notifications.StoreAudience{Store: l.Store}, l.Deliveries, l.Logger)
	if len(cfg.Origins) > 0 {
		l.consoleURL = cfg.Origins[0]
	}
}

// startScheduler fires the saved schedules from the table, as
// EventBridge Scheduler does in AWS, through the same runner as
// schedule-run; a restart neither loses nor doubles a run (the claim is a
// conditional write).
func (l *Local) startScheduler(clock schedules.Clock) {
	if clock == nil {
		clock = schedules.SystemClock{}
	}
	l.clock = clock
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		s := &schedules.Local{Store: l.Store, Runner: l.ScheduleRunner(), Clock: clock, Log: l.Logger}
		if err := s.Run(ctx); err != nil && ctx.Err() == nil {
			l.Logger.Error("local scheduler stopped", "error", err.Error())
		}
	}()
	l.closers = append(l.closers, func() { stop(); <-done })
}

// RetentionHour is the UTC hour of the daily report retention, locally and
// in AWS (the CDK's rule says the same).
const RetentionHour = 3

// startRetention runs the report retention at start (catching up on a day
// the app was down; a run removes only what is due, so a second run in a
// day removes nothing new) and then daily at RetentionHour UTC, through
// the jobs worker's path, as the scheduled rule does in AWS.
func (l *Local) startRetention() {
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	worker := jobs.NewWorker(l.Store, l.Results, l.ReportBuilder(), os.TempDir(), l.Logger).WithRetention(l.ReportBuilder().Retention(l.Store, l.Logger)).
		WithClock(func() time.Time { return l.clock.Now().UTC() })
	go func() {
		defer close(done)
		for {
			if err := worker.Retain(ctx); err != nil && ctx.Err() == nil {
				l.Logger.Error("report retention failed", "error", err.Error())
			}
			now := l.clock.Now().UTC()
			next := time.Date(now.Year(), now.Month(), now.Day(), RetentionHour, 0, 0, 0, time.UTC)
			if !next.After(now) {
				next = next.AddDate(0, 0, 1)
			}
			select {
			case <-ctx.Done():
				return
			case <-l.clock.After(next.Sub(now)):
			}
		}
	}()
	l.closers = append(l.closers, func() { stop(); <-done })
}

// HousekeepingEvery is how often the minute's housekeeping runs: the
// approval requests whose step timed out expire, and the security monitor
// reads the audit log written since its last tick. In AWS an EventBridge
// rule invokes the jobs function as often (the CDK's rule says the same).
const HousekeepingEvery = time.Minute

// startHousekeeping runs the minute's housekeeping on the local clock,
// checking every few seconds so a test that moves the clock sees it soon.
func (l *Local) startHousekeeping() {
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	svc := l.Approvals()
	watch := monitor.New(l.Store, l.Publisher, monitor.Options{Logger: l.Logger})
	go func() {
		defer close(done)
		var last time.Time
		for {
			if now := l.clock.Now().UTC(); now.Sub(last) >= HousekeepingEvery || now.Before(last) {
				last = now
				if n, err := svc.Expire(ctx, now); err != nil && ctx.Err() == nil {
					l.Logger.Error("approval expiry failed", "error", err.Error())
				} else if n > 0 {
					l.Logger.Info("approval requests expired", "count", n)
				}
				// The audit log is stamped by the real clock (ULIDs at
				// request time), which tests do not move: so is the
				// monitor's window.
				if _, err := watch.Tick(ctx, time.Now().UTC()); err != nil && ctx.Err() == nil {
					l.Logger.Error("security monitor tick failed", "error", err.Error())
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(2 * time.Second):
			}
		}
	}()
	l.closers = append(l.closers, func() { stop(); <-done })
}

// LocalMailFrom is the sender of local e-mail channels' messages.
const LocalMailFrom = "CloudCensus <cloudcensus@localhost>"

func port(p int) (int, error) {
	if p == 0 {
		return standin.FreePort()
	}
	return p, standin.CheckPortFree(p)
}

func (l *Local) watch(p *standin.Process) {
	l.procs = append(l.procs, p)
	go func() {
		<-p.Done()
		l.died <- p.Err()
	}()
}

// Died delivers the error of a child server that exited on its own.
func (l *Local) Died() <-chan error { return l.died }

// Close stops every child server, newest first.
func (l *Local) Close() {
	for i := len(l.closers) - 1; i >= 0; i-- {
		l.closers[i]()
	}
	l.closers = nil
	for i := len(l.procs) - 1; i >= 0; i-- {
		l.procs[i].Stop()
	}
	l.procs = nil
}

// seed creates the workspace and the admin on the first run of a data
// folder, and finds them again on later runs.
func (l *Local) seed(ctx context.Context, cfg Config) error {
	path := filepath.Join(cfg.DataDir, "state.json")
	var st state
	if b, err := os.ReadFile(path); err == nil {
		if err := json.Unmarshal(b, &st); err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
	}
	if cfg.InMemory {
		st = state{}
	}
	w, err := l.Store.EnsureDefaultWorkspace(ctx, "Default workspace")
	if err != nil {
		return fmt.Errorf("seed workspace: %w", err)
	}
	st.WorkspaceID = w.ID
	if err := SeedRoles(ctx, l.Store, st.WorkspaceID); err != nil {
		return err
	}
	cogCfg := standin.AWSConfig(l.cognitoURL)
	if st.PoolID == "" {
		pool, err := identity.CreatePool(ctx, cogCfg, "cloudcensus")
		if err != nil {
			return fmt.Errorf("create the local user pool: %w", err)
		}
		st.PoolID, st.ClientID = pool.PoolID, pool.ClientID
	}
	l.Pool = identity.New(cogCfg, st.PoolID, st.ClientID)
	if err := l.Pool.EnsureClientFlows(ctx); err != nil {
		return fmt.Errorf("local user pool: %w", err)
	}
	verifier := authorizer.NewVerifier(authorizer.TokenConfig{Issuer: l.cognitoURL + "/" + st.PoolID, ClientID: st.ClientID})
	l.Authorizer = authorizer.New(verifier, l.Store, api.Table(), 30*time.Second, l.Logger)
	if cfg.AdminUsername != "" {
		st.AdminUsername = cfg.AdminUsername
	}
	if st.AdminUsername == "" {
		st.AdminUsername = "admin"
	}
	if cfg.AdminPassword != "" {
		st.AdminPassword = cfg.AdminPassword
	}
	if st.AdminPassword == "" {
		st.AdminPassword = GeneratePassword()
	}
	if err := domain.ValidatePassword("CLOUDCENSUS_ADMIN_PASSWORD", st.AdminPassword); err != nil {
		return err
	}
	if _, err := l.Store.UserByUsername(ctx, st.AdminUsername); domain.Is(err, domain.KindNotFound) {
		_, err := l.Users().Create(ctx, st.WorkspaceID, identity.NewUser{Username: st.AdminUsername, Password: st.AdminPassword,
			Email: st.AdminUsername + "@cloudcensus.local", Role: domain.RoleAdmin})
		if err != nil {
			return fmt.Errorf("seed admin: %w", err)
		}
	} else if err != nil {
		return fmt.Errorf("find admin: %w", err)
	}
	if err := l.seedDemo(ctx, st.WorkspaceID, st.AdminUsername); err != nil {
		return err
	}
	if err := l.failInterrupted(ctx, st.WorkspaceID); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(st, "", "  ")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	l.WorkspaceID, l.AdminUsername, l.AdminPassword = st.WorkspaceID, st.AdminUsername, st.AdminPassword
	return nil
}

// seedDemo creates one credential per simulated demo account, so a
// newcomer can scan without an AWS account.
func (l *Local) seedDemo(ctx context.Context, ws, adminUsername string) error {
	if _, err := l.Store.DemoCredential(ctx, ws); err == nil {
		return nil
	} else if !domain.Is(err, domain.KindNotFound) {
		return err
	}
	admin, err := l.Store.UserByUsername(ctx, adminUsername)
	createdBy := ""
	if err == nil {
		createdBy = admin.ID
	}
	for _, a := range l.Demo.Estate().Accounts {
		c := &domain.Credential{ID: domain.NewID(), WorkspaceID: ws, Name: "Demo account (" + a.Name + ")", Type: domain.CredentialAssumeRole,
			AccountID: a.ID, RoleARN: "arn:aws:iam::" + a.ID + ":role/CloudCensusScanner", IsActive: true, Demo: true, CreatedBy: createdBy}
		if len(a.Roles) > 0 {
			c.ExternalID = a.Roles[0].ExternalID
		}
		if err := l.Store.CreateCredential(ctx, c); err != nil {
			return fmt.Errorf("seed demo credential: %w", err)
		}
	}
	// The demo organization: its management account's role lists the
	// members, and each is scanned through the member role.
	if org := l.Demo.Estate().Org; org != nil {
		mgmt := l.Demo.Estate().Account(org.Management)
		c := &domain.Credential{ID: domain.NewID(), WorkspaceID: ws, Name: "Demo organization", Type: domain.CredentialOrganization,
			AccountID: mgmt.ID, RoleARN: "arn:aws:iam::" + mgmt.ID + ":role/CloudCensusScanner", ExternalID: mgmt.Roles[0].ExternalID,
			MemberRoleName: awssim.DemoOrgRole, IsActive: true, Demo: true, CreatedBy: createdBy}
		if err := l.Store.CreateCredential(ctx, c); err != nil {
			return fmt.Errorf("seed demo organization credential: %w", err)
		}
	}
	return nil
}

// failInterrupted fails the tasks a previous run left running: their
// executions died with it.
func (l *Local) failInterrupted(ctx context.Context, ws string) error {
	running, err := l.Store.RunningTasks(ctx, ws)
	if err != nil {
		return err
	}
	for _, t := range running {
		reason := "interrupted: the local server stopped while this task ran; start a new scan"
		if _, err := l.Store.EndTask(ctx, ws, t.ID, domain.TaskFailed, reason, time.Now().UTC()); err != nil {
			return err
		}
		_ = l.Store.AddLogs(ctx, ws, domain.TaskLog{TaskID: t.ID, Level: domain.LogError, Message: reason, Timestamp: time.Now().UTC()})
	}
	return nil
}

// LocalPrincipal is the platform principal the role template names when
// this machine has no AWS identity: enough for the demo accounts, which
// trust any principal with the ExternalId. Set
// CLOUDCENSUS_PLATFORM_PRINCIPAL_ARN, or give the machine AWS credentials,
// to make templates for real accounts.
const LocalPrincipal = "arn:aws:iam::000000000000:role/CloudCensusLocal"

func localPrincipal(ctx context.Context, platform aws.Config) string {
	if arn := os.Getenv("CLOUDCENSUS_PLATFORM_PRINCIPAL_ARN"); arn != "" {
		return arn
	}
	if platform.Credentials == nil {
		return LocalPrincipal
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := platform.Credentials.Retrieve(ctx); err != nil {
		return LocalPrincipal
	}
	return "" // asked of STS when needed
}

// SeedRoles writes the built-in roles into a workspace, keeping any
// role an admin already edited.
func SeedRoles(ctx context.Context, st *store.Store, ws string) error {
	return workspaces.Seed(ctx, st, ws)
}

type pinger string

// Ping checks an HTTP endpoint answers.
func (p pinger) Ping(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, string(p), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		return fmt.Errorf("%s answered %d", p, resp.StatusCode)
	}
	return nil
}

// GeneratePassword makes a password that satisfies the pool policy.
func GeneratePassword() string { return identity.GeneratePassword() }
