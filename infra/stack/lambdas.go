package stack

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// LogRetention is how long every function's and service's logs are kept.
const LogRetention = awslogs.RetentionDays_THREE_MONTHS

// deployed is one function in the stack, with the role its access is
// granted to.
type deployed struct {
	spec function
	fn   awslambda.Function
	role awsiam.Role
}

// newLambdas makes every function from its built binary: provided.al2023
// on arm64, X-Ray active, JSON logs into a log group with a retention, and
// a role of its own that starts empty (access.grant fills it).
func newLambdas(scope constructs.Construct, dir string, env map[string]*string) (map[string]*deployed, error) {
	out := map[string]*deployed{}
	var missing []string
	var principal awsiam.Role // shared by the functions that act in target accounts
	for _, f := range functions {
		bin := filepath.Join(dir, f.name, "bootstrap")
		if _, err := os.Stat(bin); err != nil {
			missing = append(missing, bin)
			continue
		}
		// Each function's role, log group and function share a scope.
		group := constructs.NewConstruct(scope, jsii.String(pascal(f.name)+"Fn"))
		var role awsiam.Role
		switch {
		case f.targets && principal != nil:
			role = principal
		case f.targets:
			principal = awsiam.NewRole(scope, jsii.String("PlatformPrincipal"), &awsiam.RoleProps{
				AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
				Description: jsii.String("CloudCensus platform principal: the role target accounts' scanner roles trust (scan units, credential validation)"),
			})
			role = principal
		default:
			role = awsiam.NewRole(group, jsii.String("Role"), &awsiam.RoleProps{
				AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
				Description: jsii.String("CloudCensus " + f.name + ": " + f.purpose),
			})
		}
		logs := awslogs.NewLogGroup(group, jsii.String("Logs"), &awslogs.LogGroupProps{
			Retention:     LogRetention,
			RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
		})
		logs.GrantWrite(role)
		fn := awslambda.NewFunction(group, jsii.String("Function"), &awslambda.FunctionProps{
			Description:   jsii.String("CloudCensus " + f.name + ": " + f.purpose),
			Runtime:       awslambda.Runtime_PROVIDED_AL2023(),
			Architecture:  awslambda.Architecture_ARM_64(),
			Handler:       jsii.String("bootstrap"),
			Code:          awslambda.Code_FromAsset(jsii.String(filepath.Dir(bin)), nil),
			MemorySize:    jsii.Number(float64(f.memoryMB)),
			Timeout:       awscdk.Duration_Seconds(jsii.Number(float64(f.timeoutS))),
			Role:          role,
			LogGroup:      logs,
			LoggingFormat: awslambda.LoggingFormat_JSON,
			Tracing:       awslambda.Tracing_ACTIVE,
			Environment:   &env,
		})
		out[f.name] = &deployed{spec: f, fn: fn, role: role}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("function binaries missing (run make build): %s", strings.Join(missing, ", "))
	}
	return out, nil
}

// pascal turns "scan-unit" into "ScanUnit" for construct ids.
func pascal(name string) string {
	var b strings.Builder
	for _, part := range strings.Split(name, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
