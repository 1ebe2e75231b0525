package main

import (
	"context"
	"fmt"
	"os"

	"github.com/cloudcensus/cloudcensus/functions/internal/report"
)

// reportDemo writes the demo report (synthetic records over every service)
// to the file named by the one argument, for `make report-preview`.
func reportDemo(ctx context.Context, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: cloudcensus report-demo FILE.docx")
		return 2
	}
	f, err := os.Create(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, "cloudcensus report-demo:", err)
		return 1
	}
	sum, err := report.WriteDemo(ctx, f, "")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cloudcensus report-demo:", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "wrote %s: %d services, %d resources\n", args[0], sum.Services, sum.Resources)
	return 0
}
