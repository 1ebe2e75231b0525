package admin_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/safecsv"
)

// auditLog is four entries an hour or so apart, the newest half an hour ago.
type auditLog struct {
	base                 time.Time
	created, failed      domain.AuditEntry
	denied, startedByPU1 domain.AuditEntry
}

func seedAudit(h *harness) auditLog {
	base := time.Now().UTC().Truncate(time.Second)
	l := auditLog{base: base}
	l.created = h.putAudit(base.Add(-3*time.Hour), domain.AuditEntry{Actor: h.Users["admin"].ID, ActorName: "adminx", Action: "users.create",
		ResourceType: "user", ResourceID: h.Users["u1"].ID, Result: domain.AuditSuccess, After: map[string]any{"username": "u1x"}})
	l.failed = h.putAudit(base.Add(-2*time.Hour), domain.AuditEntry{Actor: h.Users["u1"].ID, ActorName: "u1x", Action: "tasks.create",
		ResourceType: "task", Result: domain.AuditFailure, Error: `regions: unknown region "mars-1", or "=1+1"`})
	l.denied = h.putAudit(base.Add(-1*time.Hour), domain.AuditEntry{Actor: h.Users["u1"].ID, ActorName: "u1x", Action: "access.denied",
		ResourceType: "route", ResourceID: "GET /api/audit", Result: domain.AuditDenied, Error: "missing permission audit:read"})
	l.startedByPU1 = h.putAudit(base.Add(-30*time.Minute), domain.AuditEntry{Actor: h.Users["pu1"].ID, ActorName: `=HYPERLINK("x") [pu1] <b>📦</b>`,
		Action: "tasks.create", ResourceType: "task", ResourceID: domain.NewID(), Result: domain.AuditSuccess,
		After: map[string]any{"name": "a,b;\"c\"\n<d>&"}})
	return l
}

func rfc(t time.Time) string { return url.QueryEscape(t.Format(time.RFC3339)) }

func actions(l httpapi.List[domain.AuditEntry]) []string {
	var out []string
	for _, e := range l.Data {
		out = append(out, e.ID)
	}
	return out
}

func TestAuditListFilters(t *testing.T) {
	h := newHarness(t)
	a := seedAudit(h)
	u1, pu1 := h.Users["u1"].ID, h.Users["pu1"].ID
	for _, tc := range []struct {
		name, query string
		want        []domain.AuditEntry // newest first
	}{
		{"everything, newest first", "", []domain.AuditEntry{a.startedByPU1, a.denied, a.failed, a.created}},
		{"by actor", "actor=" + u1, []domain.AuditEntry{a.denied, a.failed}},
		{"by action", "action=tasks.create", []domain.AuditEntry{a.startedByPU1, a.failed}},
		{"by result failure", "result=failure", []domain.AuditEntry{a.failed}},
		{"by result denied", "result=denied", []domain.AuditEntry{a.denied}},
		{"by result success", "result=success", []domain.AuditEntry{a.startedByPU1, a.created}},
		{"by resource type", "resource_type=task", []domain.AuditEntry{a.startedByPU1, a.failed}},
		{"by actor and action", "actor=" + u1 + "&action=tasks.create", []domain.AuditEntry{a.failed}},
		{"by actor, result and time", "actor=" + pu1 + "&result=success&from=" + rfc(a.base.Add(-time.Hour)), []domain.AuditEntry{a.startedByPU1}},
		{"from", "from=" + rfc(a.base.Add(-90*time.Minute)), []domain.AuditEntry{a.startedByPU1, a.denied}},
		{"to", "to=" + rfc(a.base.Add(-90*time.Minute)), []domain.AuditEntry{a.failed, a.created}},
		{"from and to", "from=" + rfc(a.base.Add(-150*time.Minute)) + "&to=" + rfc(a.base.Add(-45*time.Minute)), []domain.AuditEntry{a.denied, a.failed}},
		{"from equal to to", "from=" + rfc(a.base.Add(-time.Hour)) + "&to=" + rfc(a.base.Add(-time.Hour)), []domain.AuditEntry{a.denied}},
		{"an instant in another zone", "from=" + url.QueryEscape(a.base.Add(-time.Hour).In(time.FixedZone("X", 5*3600+1800)).Format(time.RFC3339)), []domain.AuditEntry{a.startedByPU1, a.denied}},
		{"by resource id", "resource_id=" + h.Users["u1"].ID, []domain.AuditEntry{a.created}},
		{"free text in the action", "q=CREATE", []domain.AuditEntry{a.startedByPU1, a.failed, a.created}},
		{"free text in the actor's or the resource's name", "q=" + url.QueryEscape("u1X"), []domain.AuditEntry{a.denied, a.failed, a.created}},
		{"free text in a hostile actor's name", "q=" + url.QueryEscape(`[pu1] <b>`), []domain.AuditEntry{a.startedByPU1}},
		{"free text in the resource", "q=" + url.QueryEscape("/api/audit"), []domain.AuditEntry{a.denied}},
		{"free text with a filter", "q=tasks&result=failure", []domain.AuditEntry{a.failed}},
		{"free text found nowhere", "q=nothing-like-this", nil},
		{"an unknown actor", "actor=" + domain.NewID(), nil},
		{"an actor with XML", "actor=" + url.QueryEscape(`<x y="1">`), nil},
		{"an action as a formula", "action=" + url.QueryEscape("=cmd"), nil},
		{"an action of 10,000 characters", "action=" + strings.Repeat("a", 10000), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l httpapi.List[domain.AuditEntry]
			st, raw := h.Call("admin", "GET", "/api/audit?"+tc.query, nil, &l)
			if st != 200 {
				t.Fatalf("%d %s", st, raw)
			}
			var want []string
			for _, e := range tc.want {
				want = append(want, e.ID)
			}
			if !slices.Equal(actions(l), want) || l.Pagination.Total != len(want) {
				t.Fatalf("got %v (total %d), want %v", actions(l), l.Pagination.Total, want)
			}
			if len(want) == 0 && !strings.Contains(raw, `"data":[]`) {
				t.Fatalf("an empty page must be [], never null: %s", raw)
			}
		})
	}
	// The resource is named from the entry's snapshot.
	var named httpapi.List[domain.AuditEntry]
	h.Call("admin", "GET", "/api/audit?resource_id="+h.Users["u1"].ID, nil, &named)
	if len(named.Data) != 1 || named.Data[0].ResourceName != "u1x" {
		t.Fatalf("resource name %+v", named.Data)
	}
	// Hostile values come back as written.
	var l httpapi.List[domain.AuditEntry]
	h.Call("admin", "GET", "/api/audit?actor="+pu1, nil, &l)
	if len(l.Data) != 1 || l.Data[0].ActorName != a.startedByPU1.ActorName || asJSON(l.Data[0].After) != asJSON(map[string]any{"name": "a,b;\"c\"\n<d>&"}) {
		t.Fatalf("entry %+v", l.Data)
	}
	// Pages.
	var first, next httpapi.List[domain.AuditEntry]
	h.Call("admin", "GET", "/api/audit?page_size=3", nil, &first)
	h.Call("admin", "GET", "/api/audit?page_size=3&cursor="+url.QueryEscape(first.NextCursor), nil, &next)
	if len(first.Data) != 3 || first.Pagination.TotalPages != 2 || len(next.Data) != 1 || next.Data[0].ID != a.created.ID || next.NextCursor != "" {
		t.Fatalf("pages %v then %v", actions(first), actions(next))
	}
}

func TestAuditListRejects(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct{ name, query, field string }{
		{"unknown result", "result=ok", "result"},
		{"result in capitals", "result=FAILURE", "result"},
		{"result with XML", "result=" + url.QueryEscape("<success/>"), "result"},
		{"from not a time", "from=yesterday", "from"},
		{"from without a zone", "from=2026-01-31T00:00:00", "from"},
		{"to not a time", "to=" + strings.Repeat("9", 10000), "to"},
		{"to before from", "from=2026-02-01T00:00:00Z&to=2026-01-31T23:59:59Z", "to"},
		{"page 0", "page=0", "page"},
		{"page_size 0", "page_size=0", "page_size"},
		{"page_size 101", "page_size=101", "page_size"},
		{"cursor of another list", "cursor=eyJQSyI6IldTI3gjVEFTSyJ9", "cursor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.Expect("admin", "GET", "/api/audit?"+tc.query, nil, http.StatusBadRequest, tc.field)
			if slices.Contains([]string{"page", "page_size", "cursor"}, tc.field) {
				return // the export is not paged
			}
			// The export takes the same filter as a body.
			q, _ := url.ParseQuery(tc.query)
			body := map[string]string{}
			for k := range q {
				name := k
				if k == "resource_type" {
					name = "resourceType"
				}
				body[name] = q.Get(k)
			}
			h.Expect("admin", "POST", "/api/audit/export", body, http.StatusBadRequest, tc.field)
		})
	}
	h.Expect("admin", "POST", "/api/audit/export", map[string]string{"actorId": "x"}, http.StatusBadRequest, "actorId")
	for _, tc := range []struct{ who, path, perm string }{
		{"pu1", "/api/audit", "audit:read"}, {"u1", "/api/audit", "audit:read"},
		{"pu1", "/api/audit/export", "audit:export"}, {"u1", "/api/audit/export", "audit:export"},
	} {
		method := map[string]string{"/api/audit": "GET", "/api/audit/export": "POST"}[tc.path]
		raw := h.Expect(tc.who, method, tc.path, map[string]string{}, http.StatusForbidden, "")
		if !strings.Contains(raw, `"permission":"`+tc.perm+`"`) || !strings.Contains(raw, `"applyUrl":"/permissions/apply?permission=`+tc.perm+`"`) {
			t.Fatalf("%s %s: %s", tc.who, tc.path, raw)
		}
	}
}

func TestAuditListWithAHugeActorFindsNothing(t *testing.T) {
	h := newHarness(t)
	seedAudit(h)
	st, raw := h.Call("admin", "GET", "/api/audit?actor="+strings.Repeat("a", 10000), nil, nil)
	if st != 200 || !strings.Contains(raw, `"data":[]`) {
		t.Fatalf("list: %d %s", st, raw)
	}
	if _, csv := h.export("admin", map[string]string{"actor": strings.Repeat("a", 10000)}); csv != strings.Join(exportHeader, ",")+"\n" {
		t.Fatalf("export: %q", csv)
	}
}

var exportHeader = []string{"timestamp", "actor", "actorName", "action", "resourceType", "resourceId", "result", "error", "ip", "userAgent", "requestId", "before", "after"}

func TestAuditExport(t *testing.T) {
	h := newHarness(t)
	a := seedAudit(h)
	job, raw := h.export("admin", map[string]string{})
	if !exportName.MatchString(job.FileName) || job.Records != 4 || job.Kind != domain.JobAuditExport {
		t.Fatalf("job %+v", job)
	}
	rows, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatalf("%v in %s", err, raw)
	}
	if !slices.Equal(rows[0], exportHeader) || len(rows) != 5 {
		t.Fatalf("header %v and %d rows for 4 entries", rows[0], len(rows)-1)
	}
	// One record per entry, newest first, every value as written, except
	// that a value a spreadsheet would run as a formula starts with a quote.
	cell := safecsv.Neutralise
	for i, e := range []domain.AuditEntry{a.startedByPU1, a.denied, a.failed, a.created} {
		r := rows[i+1]
		if r[0] != e.Timestamp.Format(time.RFC3339Nano) || r[1] != cell(e.Actor) || r[2] != cell(e.ActorName) || r[3] != e.Action ||
			r[4] != e.ResourceType || r[5] != e.ResourceID || r[6] != string(e.Result) || r[7] != cell(e.Error) {
			t.Fatalf("row %d %q for %+v", i+1, r, e)
		}
		for _, c := range r {
			if safecsv.Dangerous(c) {
				t.Fatalf("row %d: cell %q is a formula to a spreadsheet", i+1, c)
			}
		}
	}
	if !strings.HasPrefix(rows[1][2], `'=HYPERLINK(`) {
		t.Fatalf("actor name cell %q, want the formula neutralised", rows[1][2])
	}
	if rows[1][12] != `{"name":"a,b;\"c\"\n\u003cd\u003e\u0026"}` && rows[1][12] != `{"name":"a,b;\"c\"\n<d>&"}` {
		t.Fatalf("after cell %q", rows[1][12])
	}
	if rows[4][12] != `{"username":"u1x"}` || rows[4][11] != "" {
		t.Fatalf("before/after cells %q %q", rows[4][11], rows[4][12])
	}
	// Without line breaks in the values, one line per entry.
	_, plain := h.export("admin", map[string]string{"actor": h.Users["u1"].ID})
	if lines := strings.Split(strings.TrimSuffix(plain, "\n"), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[0], "timestamp,actor,") {
		t.Fatalf("%d lines: %q", len(lines), plain)
	}
	// Filters apply; no match is the header alone.
	_, denied := h.export("admin", map[string]string{"result": "denied"})
	if rows, _ := csv.NewReader(strings.NewReader(denied)).ReadAll(); len(rows) != 2 || rows[1][3] != "access.denied" {
		t.Fatalf("denied only: %q", denied)
	}
	_, none := h.export("admin", map[string]string{"action": "nothing.ever"})
	if none != strings.Join(exportHeader, ",")+"\n" {
		t.Fatalf("no match: %q", none)
	}
	_, window := h.export("admin", map[string]string{"from": a.base.Add(-150 * time.Minute).Format(time.RFC3339), "to": a.base.Add(-45 * time.Minute).Format(time.RFC3339)})
	if rows, _ := csv.NewReader(strings.NewReader(window)).ReadAll(); len(rows) != 3 || rows[1][3] != "access.denied" || rows[2][3] != "tasks.create" {
		t.Fatalf("time window: %q", window)
	}
}

var exportName = regexp.MustCompile(`^audit-\d{8}-\d{6}\.csv$`)
