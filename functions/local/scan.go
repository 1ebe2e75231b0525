package main

import (
	"context"
	"fmt"
	"os"
)

func scan(ctx context.Context, args []string) int {
	_ = ctx
	_ = args
	fmt.Fprintln(os.Stderr, "cloudcensus scan: the scanner lands with the scanner engine")
	return 2
}
