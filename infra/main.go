// Command infra is the CloudCensus CDK app: `cdk synth` and `cdk deploy`
// run it (cdk.json at the repository root says how). It reads its inputs
// from the CDK context, resolved against the repository root, builds the
// one stack and checks it with cdk-nag's AwsSolutions rules.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/cloudcensus/cloudcensus/infra/stack"
)

// StackName names the stack, and prefixes the state machine, the schedule
// group and the reports bucket.
const StackName = "CloudCensus"

func main() {
	defer jsii.Close()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "cloudcensus infra:", err)
		os.Exit(1)
	}
}

func run() error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	root, err := stack.FindRoot(wd)
	if err != nil {
		return err
	}
	// cdk.json runs the app inside infra/, while the CLI names its output
	// folder relative to the root, where it reads the assembly back.
	props := &awscdk.AppProps{}
	if out := os.Getenv("CDK_OUTDIR"); out != "" && !filepath.IsAbs(out) {
		props.Outdir = jsii.String(filepath.Join(root, out))
	}
	app := awscdk.NewApp(props)
	settings, err := stack.LoadSettings(func(key string) any { return app.Node().TryGetContext(jsii.String(key)) }, root)
	if err != nil {
		return err
	}
	if _, err := stack.New(app, StackName, stack.Props{StackProps: awscdk.StackProps{Env: env()}, Settings: settings}); err != nil {
		return err
	}
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	app.Synth(nil)
	return nil
}

// env deploys to the caller's account and region when the CLI knows them
// (cdk deploy), and synthesizes an environment-agnostic stack when it does
// not (cdk synth offline).
func env() *awscdk.Environment {
	account, region := os.Getenv("CDK_DEFAULT_ACCOUNT"), os.Getenv("CDK_DEFAULT_REGION")
	if account == "" || region == "" {
		return nil
	}
	return &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)}
}
