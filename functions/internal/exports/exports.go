// Package exports writes the files people take away: a task's inventory
// as JSON or CSV and the audit log as CSV. The jobs worker writes them to
// a file in S3, so their size is bounded by neither Lambda's 6 MB answer
// nor API Gateway's 29 s. Every CSV cell a spreadsheet would run as a
// formula is neutralised (safecsv): resource names, tags and user agents
// are other people's text.
package exports

import (
	"context"
	"encoding/json"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/safecsv"
)

// Results is where a task's unit results are read.
type Results interface {
	List(ctx context.Context, prefix string) ([]string, error)
	Get(ctx context.Context, key string) (io.ReadCloser, error)
}

// Formats of an inventory export.
const (
	JSON = "json"
	CSV  = "csv"
	// XLSX is the workbook (report.Workbook): a summary, a sheet per
	// service with the spec's columns, coverage and changes.
	XLSX = "xlsx"
)

// ContentType is a format's media type.
func ContentType(format string) string {
	switch format {
	case CSV:
		return "text/csv; charset=utf-8"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/json"
}

// EachResult reads a task's unit results one at a time, so an export
// never holds more than one unit in memory.
func EachResult(ctx context.Context, results Results, taskID string, fn func(*inventory.Result) error) error {
	keys, err := results.List(ctx, layout.ResultPrefix(taskID))
	if err != nil {
		return err
	}
	for _, k := range keys {
		rc, err := results.Get(ctx, k)
		if err != nil {
			return err
		}
		res, err := inventory.Decode(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if err := fn(res); err != nil {
			return err
		}
	}
	return nil
}

// Inventory writes a task's inventory in format and says how many
// records it wrote.
func Inventory(ctx context.Context, w io.Writer, results Results, taskID, format string) (int, error) {
	each := func(fn func(*inventory.Result) error) error { return EachResult(ctx, results, taskID, fn) }
	if format == CSV {
		return inventoryCSV(w, each)
	}
	return inventoryJSON(w, each)
}

func inventoryCSV(w io.Writer, each func(func(*inventory.Result) error) error) (int, error) {
	cw := safecsv.NewWriter(w)
	n := 0
	_ = cw.Write([]string{"service", "resourceType", "accountId", "region", "id", "name", "arn", "attributes"})
	err := each(func(res *inventory.Result) error {
		for _, rec := range res.Records {
			if err := cw.Write([]string{rec.Service, rec.ResourceType, rec.AccountID, rec.Region, rec.ID, rec.Name, rec.ARN, attributes(rec.Columns)}); err != nil {
				return err
			}
			n++
		}
		cw.Flush()
		return cw.Error()
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
}

// inventoryJSON writes {"records":[...],"coverage":[...]}, the shape of
// the command-line scan's file.
func inventoryJSON(w io.Writer, each func(func(*inventory.Result) error) error) (int, error) {
	enc := json.NewEncoder(w)
	var coverage []inventory.Coverage
	if _, err := io.WriteString(w, `{"records":[`); err != nil {
		return 0, err
	}
	n := 0
	err := each(func(res *inventory.Result) error {
		for i := range res.Records {
			if n > 0 {
				if _, err := io.WriteString(w, ","); err != nil {
					return err
				}
			}
			n++
			if err := enc.Encode(res.Records[i]); err != nil {
				return err
			}
		}
		coverage = append(coverage, res.Coverage...)
		return nil
	})
	if err != nil {
		return n, err
	}
	if _, err := io.WriteString(w, `],"coverage":`); err != nil {
		return n, err
	}
	if coverage == nil {
		coverage = []inventory.Coverage{}
	}
	if err := enc.Encode(coverage); err != nil {
		return n, err
	}
	_, err = io.WriteString(w, "}\n")
	return n, err
}

func attributes(cols map[string]string) string {
	keys := make([]string, 0, len(cols))
	for k := range cols {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+cols[k])
	}
	return strings.Join(parts, "; ")
}

// AuditHeader is the audit export's first row.
var AuditHeader = []string{"timestamp", "actor", "actorName", "action", "resourceType", "resourceId", "result", "error", "ip", "userAgent", "requestId", "before", "after"}

// Audit writes the entries each yields as CSV and says how many.
func Audit(w io.Writer, each func(func(*domain.AuditEntry) error) error) (int, error) {
	cw := safecsv.NewWriter(w) // user agents and names are the caller's: no formulas
	_ = cw.Write(AuditHeader)
	n := 0
	err := each(func(e *domain.AuditEntry) error {
		n++
		return cw.Write([]string{e.Timestamp.Format(time.RFC3339Nano), e.Actor, e.ActorName, e.Action, e.ResourceType, e.ResourceID,
			string(e.Result), e.Error, e.IP, e.UserAgent, e.RequestID, jsonCell(e.Before), jsonCell(e.After)})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
}

func jsonCell(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
