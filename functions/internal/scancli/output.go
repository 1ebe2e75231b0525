package scancli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// writeResult writes {"records": [...], "coverage": [...]} to the file
// (or stdout for "" and "-"), through a temporary file so a failed write
// never leaves half a result.
func writeResult(path string, stdout io.Writer, res *inventory.Result) error {
	body, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return fmt.Errorf("encode result: %w", err)
	}
	body = append(body, '\n')
	if path == "" || path == "-" {
		_, err := stdout.Write(body)
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, body, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// printProgress reports one finished unit.
func printProgress(w io.Writer, done, total int, res *inventory.Result, took time.Duration) {
	var unit inventory.Unit
	if res.Unit != nil {
		unit = *res.Unit
	}
	ok, calls := 0, 0
	var failed []string
	for _, c := range res.Coverage {
		calls += c.Calls
		if c.Status == inventory.StatusOK {
			ok++
		} else if c.Failed() {
			failed = append(failed, c.Service+" ("+string(c.Status)+")")
		}
	}
	line := fmt.Sprintf("[%d/%d] %s %-14s %5d resources  %2d/%d services ok  %4d calls  %s",
		done, total, unit.AccountID, unit.Region, len(res.Records), ok, len(res.Coverage), calls, took.Round(time.Millisecond))
	if len(failed) > 0 {
		line += "  failed: " + strings.Join(failed, ", ")
	}
	fmt.Fprintln(w, line)
}

// printCoverage prints the coverage summary and returns how many services
// failed.
func printCoverage(w io.Writer, res *inventory.Result) int {
	byStatus := map[inventory.Status]int{}
	var failed []inventory.Coverage
	for _, c := range res.Coverage {
		byStatus[c.Status]++
		if c.Failed() {
			failed = append(failed, c)
		}
	}
	statuses := make([]string, 0, len(byStatus))
	for s, n := range byStatus {
		statuses = append(statuses, fmt.Sprintf("%d %s", n, s))
	}
	sort.Strings(statuses)
	fmt.Fprintf(w, "coverage: %d resources; %s\n", len(res.Records), strings.Join(statuses, ", "))
	for _, c := range failed {
		fmt.Fprintf(w, "  %-15s %-24s %s/%s: %s\n      %s\n", c.Status, c.Service, c.AccountID, c.Region, c.Error, c.Details)
	}
	return len(failed)
}
