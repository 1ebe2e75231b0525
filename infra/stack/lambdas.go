package stack

import (
	"errors"
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

// newLambdas makes every function from its build folder (its bootstrap
// binary and the files the contract ships beside it): provided.al2023 on
// arm64, X-Ray active, JSON logs into a log group with a retention, exactly
// the environment its contract entry names, and a role of its own that
// starts empty (access.grant fills it), or the platform principal for the
// functions that act in target accounts.
func newLambdas(scope constructs.Construct, stackID, dir string, c *Contract, principal awsiam.Role, values envValues) (map[string]*deployed, error) {
	envs := map[string]map[string]*string{}
	var errs []error
	var missing []string
	for _, f := range functions {
		cf, _ := c.function(f.name) // checkDeployment made sure it is there
		env, err := environment(cf, values)
		if err != nil {
			errs = append(errs, err)
		}
		envs[f.name] = env
		for _, file := range append([]string{"bootstrap"}, cf.Files...) {
			if p := filepath.Join(dir, f.name, file); !isFile(p) {
				missing = append(missing, p)
			}
		}
	}
	if len(missing) > 0 {
		errs = append(errs, fmt.Errorf("build outputs missing (run make build): %s", strings.Join(missing, ", ")))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := map[string]*deployed{}
	for _, f := range functions {
		// Each function's role, log group and function share a scope.
		group := constructs.NewConstruct(scope, jsii.String(pascal(f.name)+"Fn"))
		role := principal
		if !f.targets {
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
		env := envs[f.name]
		var name *string
		if f.named {
			name = jsii.String(namedFunction(stackID, f.name))
		}
		fn := awslambda.NewFunction(group, jsii.String("Function"), &awslambda.FunctionProps{
			FunctionName:  name,
			Description:   jsii.String("CloudCensus " + f.name + ": " + f.purpose),
			Runtime:       awslambda.Runtime_PROVIDED_AL2023(),
			Architecture:  awslambda.Architecture_ARM_64(),
			Handler:       jsii.String("bootstrap"),
			Code:          awslambda.Code_FromAsset(jsii.String(filepath.Join(dir, f.name)), nil),
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
	return out, nil
}

// namedFunction is the name of a function the stack names itself: the
// functions that invoke it are told it by their environment, which a
// generated name would also allow, but a fixed one reads in the console
// and the logs.
func namedFunction(stack, fn string) string { return stack + "-" + fn }

// newPlatformPrincipal is the role the functions that act in target
// accounts run as, and that the scanner role template trusts.
func newPlatformPrincipal(scope constructs.Construct) awsiam.Role {
	return awsiam.NewRole(scope, jsii.String("PlatformPrincipal"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("CloudCensus platform principal: the role target accounts' scanner roles trust (scan units, credential validation)"),
	})
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
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
