// Package lambdaapi runs a domain's routes as a Lambda behind API Gateway
// (REST API, v1 proxy events): the same net/http handlers the local binary
// mounts, wrapped by aws-lambda-go-api-proxy. The request id is API
// Gateway's, so a log line and the X-Request-Id a client saw match.
package lambdaapi

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/cloudcensus/cloudcensus/functions/internal/app"
	"github.com/cloudcensus/cloudcensus/functions/internal/authorizer"
	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/config"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/routes"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/system"
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
	return &app.Deps{Logger: log, Store: st, Results: results, Reports: reports, System: sys,
		RequestID: RequestID, Origins: origins, Auth: authorizer.Gateway{},
		Pool: identity.New(awsCfg, cfg.UserPoolID, cfg.UserPoolClientID), Authorizer: NewAuthorizer(awsCfg.Region, cfg, st, log)}, nil
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
	cfg, err := config.Load("TABLE_NAME", "RESULTS_BUCKET", "REPORTS_BUCKET", "USER_POOL_ID", "USER_POOL_CLIENT_ID")
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
	mux, err := deps.Mux(fn)
	if err != nil {
		log.Error("routes", "function", fn, "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(Handler(mux))
}
