// Command cloudcensus is CloudCensus on one machine: `serve` runs the whole
// product locally with real stand-ins for AWS, `scan` scans an account from
// the command line, `contract` prints the facts the console and the CDK app share.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: cloudcensus <command> [flags]

commands:
  serve    run the whole product locally (API, SPA, local AWS stand-ins)
  scan     scan an AWS account (or the simulated demo account) to a JSON file
  contract print the facts Go, the console and the CDK share, as JSON
  openapi  print the API's OpenAPI document
  bundle DIR   write each function's shipped files into DIR/<function>/ (make build)
  admin    create the first admin of a deployed stack (make admin)
  report-demo FILE.docx   write the demo report (make report-preview)
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var code int
	switch os.Args[1] {
	case "serve":
		code = serve(ctx, os.Args[2:])
	case "scan":
		code = scan(ctx, os.Args[2:])
	case "contract":
		code = printContract(os.Stdout)
	case "openapi":
		code = printOpenAPI(os.Stdout)
	case "bundle":
		code = bundle(os.Args[2:])
	case "admin":
		code = adminCmd(ctx, os.Args[2:])
	case "report-demo":
		code = reportDemo(ctx, os.Args[2:])
	case "-h", "--help", "help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "cloudcensus: unknown command %q\n%s", os.Args[1], usage)
		code = 2
	}
	stop()
	os.Exit(code)
}
