package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/report"
	"github.com/cloudcensus/cloudcensus/functions/internal/scancli"
)

// reportDemo writes the demo report to a file, for `make report-preview`:
// the simulated demo accounts scanned by the real scanners (so the
// network diagrams are drawn from real relations), with the built-in
// template or the one --template names, the path an upload takes.
func reportDemo(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("report-demo", flag.ContinueOnError)
	tplPath := fs.String("template", "", "a .docx report template (default: the built-in one)")
	fs.SetOutput(os.Stderr)
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: cloudcensus report-demo [--template TEMPLATE.docx] FILE.docx")
		return 2
	}
	if err := writeReportDemo(ctx, fs.Arg(0), *tplPath); err != nil {
		fmt.Fprintln(os.Stderr, "cloudcensus report-demo:", err)
		return 1
	}
	return 0
}

func writeReportDemo(ctx context.Context, out, tplPath string) error {
	var tpl *report.Template
	if tplPath != "" {
		data, err := os.ReadFile(tplPath)
		if err != nil {
			return err
		}
		if tpl, err = report.ParseTemplate(data); err != nil {
			return fmt.Errorf("%s: %w", tplPath, err)
		}
	}
	regions := []string{"eu-west-1", "us-east-1"}
	results, err := scancli.Demo(ctx, regions, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	src := report.MemSource{}
	var accounts []string
	for _, r := range results {
		r.Unit.TaskID, r.Unit.CredentialID = "demo", "demo-credential"
		if !slices.Contains(accounts, r.Unit.AccountID) {
			accounts = append(accounts, r.Unit.AccountID)
		}
	}
	if err := src.Put(results); err != nil {
		return err
	}
	day := time.Date(2025, 5, 6, 9, 30, 0, 0, time.UTC)
	revisions := []report.Revision{{Version: "1.0", Date: day.AddDate(0, -1, 0), Author: "Dana Whitfield", Description: "First implementation document"}}
	req := report.Request{
		Meta: report.Metadata{ClientName: "Example Corp", ProjectName: "Landing Zone Migration",
			BDManager: "Morgan Lee", SolutionsArchitect: "Priya Raman",
			CloudEngineer: "Dana Whitfield", CloudEngineerEmail: "dana.whitfield@example.com",
			Date: day, Version: report.NextVersion(revisions), Revisions: revisions,
			TaskName: "Landing zone, May", Accounts: accounts, Regions: regions},
		Source: src, TaskID: "demo", Template: tpl,
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	sum, err := report.Build(ctx, f, req)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s: %d services, %d resources, %d accounts\n", out, sum.Services, sum.Resources, sum.Accounts)
	return nil
}
