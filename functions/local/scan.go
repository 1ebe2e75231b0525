package main

import (
	"context"
	"os"

	"github.com/cloudcensus/cloudcensus/functions/internal/scancli"
)

// scan scans an account from the command line (see scancli).
func scan(ctx context.Context, args []string) int {
	return scancli.Run(ctx, args, os.Stdout, os.Stderr)
}
