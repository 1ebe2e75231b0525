package scancli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

const usage = `usage: cloudcensus scan [--profile NAME | --demo] --regions us-east-1,eu-west-1 [--services vpc,ec2] [-o results.json]`

// options are the parsed command line.
type options struct {
	profile  string
	demo     bool
	regions  []string // empty: the configuration's region (or the demo's)
	services []string // every service when none is named
	output   string   // "" or "-": stdout
}

// Run runs `cloudcensus scan` with args (the words after "scan"; a leading
// "scan" is accepted too). It returns the exit status: 0 when every service
// of every unit completed, 1 when a service failed or the scan could not
// run, 2 on bad usage.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "scan" {
		args = args[1:]
	}
	opts, err := parse(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "cloudcensus scan: %v\n%s\n", err, usage)
		return 2
	}
	// Failed services are reported once, in the coverage summary, with
	// their details: the runner's own error log would repeat them.
	log := slog.New(slog.DiscardHandler)
	res, err := scan(ctx, opts, stderr, log)
	if err != nil {
		fmt.Fprintf(stderr, "cloudcensus scan: %v\n", err)
		return 1
	}
	if err := writeResult(opts.output, stdout, res); err != nil {
		fmt.Fprintf(stderr, "cloudcensus scan: %v\n", err)
		return 1
	}
	if failed := printCoverage(stderr, res); failed > 0 {
		return 1
	}
	return 0
}

// parse reads the flags; every error is a usage error naming what is wrong.
func parse(args []string, stderr io.Writer) (options, error) {
	var o options
	var regions, services string
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.profile, "profile", "", "shared config profile to use (default: AWS_PROFILE or the default chain)")
	fs.BoolVar(&o.demo, "demo", false, "scan the simulated demo accounts instead of AWS")
	fs.StringVar(&regions, "regions", "", "comma-separated regions to scan")
	fs.StringVar(&services, "services", "", "comma-separated services (default: all)")
	fs.StringVar(&o.output, "o", "", "write the result to this file (default: stdout)")
	fs.StringVar(&o.output, "output", "", "same as -o")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, usage)
			fs.SetOutput(stderr)
			fs.PrintDefaults()
		}
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.demo && o.profile != "" {
		return o, errors.New("--profile and --demo exclude each other")
	}
	for _, r := range strings.Split(regions, ",") {
		if r = strings.TrimSpace(r); r == "" {
			continue
		}
		if !spec.IsRegion(r) {
			return o, fmt.Errorf("unknown region %q", r)
		}
		o.regions = append(o.regions, r)
	}
	keys, err := spec.ParseKeys(services)
	if err != nil {
		return o, err
	}
	o.services = keys
	return o, nil
}
