package tasks_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

func TestListTasksRejects(t *testing.T) {
	h := newHarness(t)
	otherPartition := base64.RawURLEncoding.EncodeToString([]byte(`{"PK":"WS#someone-else#TASK","SK":"TASK#` + domain.NewID() + `"}`))
	for _, tc := range []struct{ name, query, field string }{
		{"unknown status", "status=done", "status"},
		{"status in capitals", "status=RUNNING", "status"},
		{"status with XML", "status=" + url.QueryEscape("<running/>"), "status"},
		{"creator not a user id", "created_by=adminx", "created_by"},
		{"creator of 10,000 characters", "created_by=" + strings.Repeat("A", 10000), "created_by"},
		{"from not a time", "from=yesterday", "from"},
		{"from a date only", "from=2026-01-31", "from"},
		{"to not a time", "to=" + url.QueryEscape("2026-13-01T00:00:00Z"), "to"},
		{"page 0", "page=0", "page"},
		{"negative page", "page=-1", "page"},
		{"page not a number", "page=two", "page"},
		{"page_size 0", "page_size=0", "page_size"},
		{"page_size 101", "page_size=101", "page_size"},
		{"page_size not a number", "page_size=ten", "page_size"},
		{"page_size in exponent form", "page_size=1e2", "page_size"},
		{"cursor not base64", "cursor=" + url.QueryEscape("=!$"), "cursor"},
		{"cursor of another partition", "cursor=" + otherPartition, "cursor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.Expect("admin", "GET", "/api/tasks?"+tc.query, nil, http.StatusBadRequest, tc.field)
		})
	}
}

func TestListTasksFilters(t *testing.T) {
	h := newHarness(t)
	adminDone := h.seed("admin", domain.TaskCompleted, h.creds["admin"].ID)
	u1Running := h.seed("u1", domain.TaskRunning, h.creds["u1"].ID)
	u1Failed := h.seed("u1", domain.TaskFailed, h.creds["u1"].ID)
	pu1Done := h.seed("pu1", domain.TaskCompleted, h.creds["pu1"].ID)
	u2Managed := h.seed("u2", domain.TaskCancelled, h.creds["pu1"].ID) // made with a credential pu1 manages
	for _, tc := range []struct {
		name, who, query string
		want             []string
	}{
		{"admin sees every task", "admin", "", []string{adminDone.ID, u1Running.ID, u1Failed.ID, pu1Done.ID, u2Managed.ID}},
		{"by status", "admin", "status=completed", []string{adminDone.ID, pu1Done.ID}},
		{"by creator", "admin", "created_by=" + h.Users["u1"].ID, []string{u1Running.ID, u1Failed.ID}},
		{"by creator and status", "admin", "created_by=" + h.Users["u1"].ID + "&status=failed", []string{u1Failed.ID}},
		{"a status nobody has", "admin", "status=pending", nil},
		{"a user sees its own", "u1", "", []string{u1Running.ID, u1Failed.ID}},
		{"a user filtering on another's tasks", "u1", "created_by=" + h.Users["admin"].ID, nil},
		{"a user filtering on status", "u1", "status=completed", nil},
		{"a power user sees its own and its credentials'", "pu1", "", []string{pu1Done.ID, u2Managed.ID}},
		{"another power user", "pu2", "", nil},
		{"the other user", "u2", "", []string{u2Managed.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l httpapi.List[domain.Task]
			st, raw := h.Call(tc.who, "GET", "/api/tasks?"+tc.query, nil, &l)
			if st != 200 {
				t.Fatalf("%d %s", st, raw)
			}
			if !slices.Equal(ids(l), sorted(tc.want...)) || l.Pagination.Total != len(tc.want) {
				t.Fatalf("got %v (total %d), want %v", ids(l), l.Pagination.Total, sorted(tc.want...))
			}
			if len(tc.want) == 0 && !strings.Contains(raw, `"data":[]`) {
				t.Fatalf("an empty page must be [], never null: %s", raw)
			}
		})
	}
}

func TestListTasksByTime(t *testing.T) {
	h := newHarness(t)
	stamp := func() string {
		time.Sleep(15 * time.Millisecond)
		at := time.Now().UTC().Format(time.RFC3339Nano)
		time.Sleep(15 * time.Millisecond)
		return at
	}
	start := stamp()
	first := h.seed("admin", domain.TaskCompleted)
	mid := stamp()
	second := h.seed("admin", domain.TaskCompleted)
	end := stamp()
	for _, tc := range []struct {
		name, query string
		want        []string
	}{
		{"from the start", "from=" + start, []string{first.ID, second.ID}},
		{"from the middle", "from=" + mid, []string{second.ID}},
		{"to the middle", "to=" + mid, []string{first.ID}},
		{"between start and middle", "from=" + start + "&to=" + mid, []string{first.ID}},
		{"after the end", "from=" + end, nil},
		{"before the start", "to=" + start, nil},
		{"a whole day, in another zone", "from=2000-01-01T00:00:00%2B02:00&to=2999-01-01T00:00:00-05:00", []string{first.ID, second.ID}},
		{"with a status", "from=" + mid + "&status=completed", []string{second.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l httpapi.List[domain.Task]
			q := strings.ReplaceAll(tc.query, "+", "%2B")
			if st, raw := h.Call("admin", "GET", "/api/tasks?"+q, nil, &l); st != 200 {
				t.Fatalf("%d %s", st, raw)
			}
			if !slices.Equal(ids(l), sorted(tc.want...)) {
				t.Fatalf("got %v, want %v", ids(l), sorted(tc.want...))
			}
		})
	}
}

func TestListTasksToBeforeFromIsRefused(t *testing.T) {
	h := newHarness(t)
	h.seed("admin", domain.TaskCompleted)
	st, raw := h.Call("admin", "GET", "/api/tasks?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", nil, nil)
	if st != http.StatusBadRequest || !strings.Contains(raw, `"field":"to"`) {
		t.Fatalf("%d %s: want 400 naming to", st, raw)
	}
}

func TestListTasksPages(t *testing.T) {
	h := newHarness(t)
	var made []string
	for range 5 {
		made = append(made, h.seed("admin", domain.TaskCompleted).ID)
	}
	newestFirst := slices.Clone(made)
	slices.Reverse(newestFirst)
	page := func(query string) (httpapi.List[domain.Task], string) {
		t.Helper()
		var l httpapi.List[domain.Task]
		st, raw := h.Call("admin", "GET", "/api/tasks?"+query, nil, &l)
		if st != 200 {
			t.Fatalf("%s: %d %s", query, st, raw)
		}
		return l, raw
	}
	l, _ := page("page_size=2")
	if len(l.Data) != 2 || l.Data[0].ID != newestFirst[0] || l.Pagination != (httpapi.Pagination{Page: 1, PageSize: 2, Total: 5, TotalPages: 3}) || l.NextCursor == "" {
		t.Fatalf("first page %+v %v", l.Pagination, ids(l))
	}
	// Following the cursors walks every task once, newest first.
	var walked []string
	for cursor, n := "", 0; n < 5; n++ {
		l, _ := page("page_size=2&cursor=" + url.QueryEscape(cursor))
		for _, task := range l.Data {
			walked = append(walked, task.ID)
		}
		if cursor = l.NextCursor; cursor == "" {
			break
		}
	}
	if !slices.Equal(walked, newestFirst) {
		t.Fatalf("walked %v, want %v", walked, newestFirst)
	}
	if l, _ := page("page=3&page_size=2"); len(l.Data) != 1 || l.Data[0].ID != newestFirst[4] || l.NextCursor != "" {
		t.Fatalf("last page %v cursor %q", ids(l), l.NextCursor)
	}
	if l, raw := page("page=4&page_size=2"); len(l.Data) != 0 || !strings.Contains(raw, `"data":[]`) || l.Pagination.Total != 5 {
		t.Fatalf("past the end: %s", raw)
	}
	if l, _ := page("page_size=1"); len(l.Data) != 1 || l.Pagination.PageSize != 1 || l.Pagination.TotalPages != 5 {
		t.Fatalf("page_size=1 answered %d items, %+v", len(l.Data), l.Pagination)
	}
	if l, _ := page("page_size=100"); len(l.Data) != 5 || l.Pagination.PageSize != 100 || l.NextCursor != "" {
		t.Fatalf("page_size=100 answered %d items, %+v", len(l.Data), l.Pagination)
	}
	if l, _ := page(""); l.Pagination.PageSize != httpapi.DefaultPageSize || len(l.Data) != 5 {
		t.Fatalf("default page %+v", l.Pagination)
	}
}
