// Package lambdaapi runs a domain's routes as a Lambda behind API Gateway
// (REST API, v1 proxy events): the same net/http handlers the local binary
// mounts, wrapped by aws-lambda-go-api-proxy. The request id is API
// Gateway's, so a log line and the X-Request-Id a client saw match.
package lambdaapi

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/cloudcensus/cloudcensus/functions/internal/app"
	"github.com/cloudcensus/cloudcensus/functions/internal/authorizer"
	"github.com/cloudcensus/cloudcensus/functions/internal/awsclient"
	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/config"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/keys"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/routes"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
	"github.com/cloudcensus/cloudcensus/functions/internal/secrets"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/system"
	"github.com/cloudcensus/cloudcensus/functions/internal/taskflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
	"github.com/cloudcensus/cloudcensus/functions/internal/token"
)

// Proxy is what lambda.Start runs for an API function.
type Proxy func(ctx context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)

// Handler adapts a mux to API Gateway proxy events.
func Handler(mux http.Handler) Proxy {
	return httpadapter.New(mux).ProxyWithContext
}

// RequestID takes API Gateway's request id from the proxied request.
func RequestID(r *http.Request) string {
	if c, ok := core.GetAPIGatewayContextFromContext(r.Context()); ok {
		return c.RequestID
	}
	return ""
}

// Logger is the JSON logger every function writes to CloudWatch.
func Logger(level string) *slog.Logger {
	l := slog.LevelInfo
	if level == "debug" {
		l = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: l}))
}

// Deps builds the AWS dependencies from the environment.
func Deps(ctx context.Context, cfg config.Config, log *slog.Logger) (*app.Deps, error) {
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	st := store.New(awsCfg, cfg.TableName)
	st.SetAuditRetention(time.Duration(cfg.AuditRetentionDays) * 24 * time.Hour)
	results := blob.New(awsCfg, cfg.ResultsBucket, blob.Options{SSE: true})
	reports := blob.New(awsCfg, cfg.ReportsBucket, blob.Options{SSE: true})
	sys := app.NewSystem()
	sys.Ready(map[string]system.Checker{"dynamodb": st})
	var origins []string
	if cfg.SPAOrigin != "" {
		origins = []string{cfg.SPAOrigin}
	}
	box := secrets.New(keys.NewKMS(awsCfg, cfg.KMSKeyID))
	return &app.Deps{Logger: log, Store: st, Results: results, ReportsBucket: reports, System: sys,
		RequestID: RequestID, Origins: origins, Auth: authorizer.Gateway{},
		Pool: identity.New(awsCfg, cfg.UserPoolID, cfg.UserPoolClientID), Authorizer: NewAuthorizer(awsCfg.Region, cfg, st, log),
		Secrets:      box,
		Resolver:     awsclient.New(awsclient.Options{Base: awsCfg, BaseRoles: st, Secrets: box, PrincipalARN: cfg.PlatformPrincipalARN}),
		Orchestrator: orchestrator.NewStepFunctions(sfn.NewFromConfig(awsCfg), cfg.StateMachineARN),
		Region:       awsCfg.Region, TempDir: os.TempDir(), Budget: budget.NewRegistry(0)}, nil
}

// required are the settings every function built on Deps needs.
var required = []string{"TABLE_NAME", "RESULTS_BUCKET", "REPORTS_BUCKET", "USER_POOL_ID", "USER_POOL_CLIENT_ID", "KMS_KEY_ID", "STATE_MACHINE_ARN"}

// load reads the configuration and builds the dependencies, or exits.
func load() (*app.Deps, *slog.Logger) {
	cfg, err := config.Load(required...)
	log := Logger(cfg.LogLevel)
	if err != nil {
		log.Error("configuration", "error", err.Error())
		os.Exit(1)
	}
	deps, err := Deps(context.Background(), cfg, log)
	if err != nil {
		log.Error("dependencies", "error", err.Error())
		os.Exit(1)
	}
	return deps, log
}

// ServeWorkflow runs one of the scan-task workflow's functions.
func ServeWorkflow(function string) {
	deps, log := load()
	flow := deps.Flow()
	switch function {
	case workflow.FunctionScanPlan:
		lambda.Start(flow.Plan)
	case workflow.FunctionScanUnit:
		lambda.Start(flow.ScanUnit)
	case workflow.FunctionReportBuild:
		lambda.Start(flow.ReportBuild)
	case workflow.FunctionTaskEvents:
		lambda.Start(TaskEvents(flow))
	default:
		log.Error("unknown workflow function", "function", function)
		os.Exit(1)
	}
}

// ServeScheduleRun runs the EventBridge Scheduler target that starts a
// task from a schedule.
func ServeScheduleRun() {
	deps, _ := load()
	svc := tasks.New(deps.Store, deps.Results, deps.Orchestrator, deps.Audit())
	lambda.Start(func(ctx context.Context, in tasks.ScheduledRun) (*domain.Task, error) {
		return svc.RunScheduled(ctx, deps.Store, in)
	})
}

// TaskEvents handles both things task-events receives: the workflow's own
// events (invoked by the state machine) and EventBridge's execution status
// changes, which arrive even when the execution was aborted or timed out.
func TaskEvents(flow *taskflow.Flow) func(ctx context.Context, raw json.RawMessage) error {
	return func(ctx context.Context, raw json.RawMessage) error {
		var env struct {
			DetailType string          `json:"detail-type"`
			Detail     json.RawMessage `json:"detail"`
		}
		if err := json.Unmarshal(raw, &env); err != nil {
			return fmt.Errorf("task-events: %w", err)
		}
		if env.DetailType == orchestrator.StatusChangeDetailType {
			ev, err := orchestrator.ParseStatusChange(env.Detail)
			if err != nil {
				return err
			}
			return flow.StatusChange(ctx, ev)
		}
		var ev workflow.TaskEvent
		if err := json.Unmarshal(raw, &ev); err != nil {
			return fmt.Errorf("task-events: %w", err)
		}
		_, err := flow.TaskEvent(ctx, ev)
		return err
	}
}

// NewAuthorizer builds the authorizer for the pool in the environment.
func NewAuthorizer(region string, cfg config.Config, st *store.Store, log *slog.Logger) *authorizer.Authorizer {
	v := token.NewVerifier(token.Config{Issuer: "https://cognito-idp." + region + ".amazonaws.com/" + cfg.UserPoolID, ClientID: cfg.UserPoolClientID})
	return authorizer.New(v, st, routes.All(), 30*time.Second, log)
}

// ServeAuthorizer runs the Lambda authorizer.
func ServeAuthorizer() {
	cfg, err := config.Load("TABLE_NAME", "USER_POOL_ID", "USER_POOL_CLIENT_ID")
	log := Logger(cfg.LogLevel)
	if err != nil {
		log.Error("configuration", "error", err.Error())
		os.Exit(1)
	}
	awsCfg, err := awsconfig.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Error("aws configuration", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(NewAuthorizer(awsCfg.Region, cfg, store.New(awsCfg, cfg.TableName), log).Handle)
}

// Serve runs the routes of one function until the Lambda runtime stops.
func Serve(fn string) {
	deps, log := load()
	mux, err := deps.Mux(fn)
	if err != nil {
		log.Error("routes", "function", fn, "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(Handler(mux))
}
