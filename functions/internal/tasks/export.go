package tasks

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/safecsv"
)

// export streams a task's inventory as JSON (the same shape as the
// command-line scan's file) or CSV, one unit result at a time. CSV cells
// a spreadsheet would run as formulas are neutralised (safecsv).
func (s *Service) export(w http.ResponseWriter, r *http.Request) error {
	t, err := s.visible(r.Context(), httpapi.PrincipalFrom(r.Context()), r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "json"
	}
	if format != "json" && format != "csv" {
		return domain.Invalid("format", "must be json or csv")
	}
	name := domain.DocumentName(t.ProjectMetadata.ClientName, t.ProjectMetadata.ProjectName, t.CreatedAt, "inventory") + "." + format
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		cw := safecsv.NewWriter(w) // resource names and tags are the scanned account's: no formulas
		_ = cw.Write([]string{"service", "resourceType", "accountId", "region", "id", "name", "arn", "attributes"})
		err = s.readResults(r.Context(), t.ID, func(res *inventory.Result) error {
			for _, rec := range res.Records {
				if err := cw.Write([]string{rec.Service, rec.ResourceType, rec.AccountID, rec.Region, rec.ID, rec.Name, rec.ARN, attributes(rec.Columns)}); err != nil {
					return err
				}
			}
			cw.Flush()
			return cw.Error()
		})
		cw.Flush()
	} else {
		w.Header().Set("Content-Type", "application/json")
		err = streamJSON(w, func(yield func(*inventory.Result) error) error { return s.readResults(r.Context(), t.ID, yield) })
	}
	if err != nil {
		httpapi.Logger(r.Context()).Error("export broke off", "task", t.ID, "error", err.Error())
		panic(http.ErrAbortHandler) // the headers are gone: cut the stream
	}
	return nil
}

// streamJSON writes {"records":[...],"coverage":[...]} without holding
// more than one unit's result in memory.
func streamJSON(w http.ResponseWriter, each func(func(*inventory.Result) error) error) error {
	enc := json.NewEncoder(w)
	var coverage []inventory.Coverage
	if _, err := w.Write([]byte(`{"records":[`)); err != nil {
		return err
	}
	first := true
	err := each(func(res *inventory.Result) error {
		for i := range res.Records {
			if !first {
				if _, err := w.Write([]byte(",")); err != nil {
					return err
				}
			}
			first = false
			if err := enc.Encode(res.Records[i]); err != nil {
				return err
			}
		}
		coverage = append(coverage, res.Coverage...)
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte(`],"coverage":`)); err != nil {
		return err
	}
	if coverage == nil {
		coverage = []inventory.Coverage{}
	}
	if err := enc.Encode(coverage); err != nil {
		return err
	}
	_, err = w.Write([]byte("}\n"))
	return err
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
