package monitor

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

const harnessWS = apitest.Workspace

// newRoutes mounts the alert routes on the shared harness. Until the
// alert permissions are in authz's matrix, the admin is given all three
// and pu1 the read one.
func newRoutes(t *testing.T) *apitest.Harness {
	t.Helper()
	h := apitest.New(t, endpoint)
	h.Principals["admin"].Permissions = append(h.Principals["admin"].Permissions, authz.AlertsRead, authz.AlertsUpdate, authz.AlertsConfigure)
	h.Principals["pu1"].Permissions = append(h.Principals["pu1"].Permissions, authz.AlertsRead)
	h.Mount(NewService(h.Store).Routes())
	return h
}

// seedAlert stores an alert of the harness's workspace whose evidence is
// two entries of its log and one of "none".
func seedAlert(t *testing.T, h *apitest.Harness, rule string, at time.Time) (*domain.Alert, []domain.AuditEntry) {
	t.Helper()
	ctx := context.Background()
	var evidence []domain.AuditEntry
	for i := range 2 {
		e := domain.AuditEntry{ID: domain.IDFor(at.Add(time.Duration(i)*time.Second), rule+"e"), WorkspaceID: harnessWS, Actor: h.Users["u1"].ID,
			ActorName: "u1x", Action: "auth.login", ResourceType: "session", Result: domain.AuditDenied, IP: "198.51.100.7", Timestamp: at}
		if err := h.Store.PutAudit(ctx, &e); err != nil {
			t.Fatal(err)
		}
		evidence = append(evidence, e)
	}
	unknown := domain.AuditEntry{ID: domain.IDFor(at, rule+"none"), WorkspaceID: NoWorkspace, Actor: "anonymous", Action: "auth.login",
		Result: domain.AuditDenied, IP: "198.51.100.7", Timestamp: at}
	if err := h.Store.PutAudit(ctx, &unknown); err != nil {
		t.Fatal(err)
	}
	f := Finding{Rule: rule, Severity: domain.SeverityHigh, Title: "Failed sign-ins from one address", Message: "3 failed sign-ins",
		Subject: "198.51.100.7", Evidence: []string{evidence[0].ID, unknown.ID, evidence[1].ID}, At: at, Key: rule + "|198.51.100.7|" + evidence[1].ID}
	a := AlertOf(harnessWS, f)
	if _, err := h.Store.CreateAlert(ctx, &a); err != nil {
		t.Fatal(err)
	}
	return &a, evidence
}

func TestRoutesRefuseWithoutPermission(t *testing.T) {
	h := newRoutes(t)
	for _, rt := range NewService(h.Store).Routes() {
		for _, who := range []string{"u1", "pu2"} {
			raw := h.Expect(who, rt.Method, rt.Path, "{}", http.StatusForbidden, "")
			if !strings.Contains(raw, `"permission":"`+rt.Perm+`"`) {
				t.Fatalf("%s %s: %s", who, rt.Key(), raw)
			}
		}
		if rt.Summary == "" || !strings.HasPrefix(rt.Path, "/api/alerts") {
			t.Fatalf("route %s", rt.Key())
		}
	}
	h.Expect("pu1", "POST", "/api/alerts/acknowledge", map[string]any{"id": domain.NewID()}, http.StatusForbidden, "")
}

func TestAlertHandling(t *testing.T) {
	h := newRoutes(t)
	at := time.Date(2026, 3, 3, 2, 10, 0, 0, time.UTC)
	a, evidence := seedAlert(t, h, RuleFailedSignIns, at)
	b, _ := seedAlert(t, h, RuleRepeatedDenials, at.Add(time.Hour))

	var list httpapi.List[domain.Alert]
	if st, raw := h.Call("pu1", "GET", "/api/alerts", nil, &list); st != http.StatusOK || list.Pagination.Total != 2 || list.Data[0].ID != b.ID {
		t.Fatalf("list: %d %s", st, raw)
	}
	if st, raw := h.Call("admin", "GET", "/api/alerts?rule=failed_signins&status=open&page_size=5", nil, &list); st != http.StatusOK ||
		len(list.Data) != 1 || list.Data[0].ID != a.ID || list.Pagination.PageSize != 5 {
		t.Fatalf("filtered list: %d %s", st, raw)
	}
	if strings.Contains(h.Bodies()[len(h.Bodies())-1], "dedupeKey") || strings.Contains(h.Bodies()[len(h.Bodies())-1], "workspaceId") {
		t.Fatal("the list shows internal fields")
	}

	var d AlertDetail
	if st, raw := h.Call("pu1", "GET", "/api/alerts/detail?id="+a.ID, nil, &d); st != http.StatusOK {
		t.Fatalf("detail: %d %s", st, raw)
	}
	if d.ID != a.ID || len(d.EvidenceEntries) != 2 || d.EvidenceEntries[0].ID != evidence[0].ID || d.EvidenceEntries[1].ID != evidence[1].ID ||
		len(d.MissingEvidence) != 1 || d.MissingEvidence[0] != a.Evidence[1] {
		t.Fatalf("detail %+v", d)
	}
	h.Expect("admin", "GET", "/api/alerts/detail?id="+domain.NewID(), nil, http.StatusNotFound, "")

	// Acknowledge at the version read; again is a conflict.
	var got domain.Alert
	h.Expect("admin", "POST", "/api/alerts/acknowledge", map[string]any{"id": a.ID, "version": 3}, http.StatusConflict, "")
	if st, raw := h.Call("admin", "POST", "/api/alerts/acknowledge", map[string]any{"id": a.ID, "version": 1}, &got); st != http.StatusOK ||
		got.Status != domain.AlertAcknowledged || got.AcknowledgedBy != h.Users["admin"].ID || got.Version != 2 {
		t.Fatalf("acknowledge: %d %s", st, raw)
	}
	h.Expect("admin", "POST", "/api/alerts/acknowledge", map[string]any{"id": a.ID}, http.StatusConflict, "")
	if st, raw := h.Call("admin", "POST", "/api/alerts/resolve", map[string]any{"id": a.ID, "comment": "  Our pentest, booked for tonight.  "}, &got); st != http.StatusOK ||
		got.Status != domain.AlertResolved || got.ResolveComment != "Our pentest, booked for tonight." || got.ResolvedAt == nil {
		t.Fatalf("resolve: %d %s", st, raw)
	}
	h.Expect("admin", "POST", "/api/alerts/resolve", map[string]any{"id": a.ID, "comment": "again"}, http.StatusConflict, "")
	if st, raw := h.Call("admin", "POST", "/api/alerts/resolve", map[string]any{"id": b.ID, "comment": "expected", "version": 1}, &got); st != http.StatusOK {
		t.Fatalf("resolve an open alert: %d %s", st, raw)
	}
	if st, raw := h.Call("admin", "GET", "/api/alerts?status=resolved", nil, &list); st != http.StatusOK || len(list.Data) != 2 {
		t.Fatalf("resolved: %d %s", st, raw)
	}
	if st, raw := h.Call("admin", "GET", "/api/alerts?status=open", nil, &list); st != http.StatusOK || len(list.Data) != 0 {
		t.Fatalf("open: %d %s", st, raw)
	}

	acks := h.Entries("alerts.acknowledge")
	if len(acks) != 3 || acks[len(acks)-1].Result != domain.AuditFailure || acks[1].Result != domain.AuditSuccess || acks[1].ResourceID != a.ID {
		t.Fatalf("acknowledge audit: %+v", acks)
	}
	resolves := h.Entries("alerts.resolve")
	if len(resolves) != 3 || !strings.Contains(h.AuditText(), "Our pentest") {
		t.Fatalf("resolve audit: %+v", resolves)
	}
}

func TestRuleSettingsRoutes(t *testing.T) {
	h := newRoutes(t)
	var rules RulesReply
	if st, raw := h.Call("pu1", "GET", "/api/alerts/rules", nil, &rules); st != http.StatusOK || len(rules.Data) != 6 {
		t.Fatalf("rules: %d %s", st, raw)
	}
	for i, r := range rules.Data {
		if r.ID != catalog[i].ID || !r.Enabled || r.Description == "" || r.Config == nil || r.Defaults == nil || r.Version != 0 {
			t.Fatalf("rule %+v", r)
		}
	}
	raw := h.Expect("pu1", "GET", "/api/alerts/rules", nil, http.StatusOK, "")
	for _, part := range []string{`"id":"off_hours_admin"`, `"zone":"UTC"`, `"startHour":8`, `"perUser":{"count":5,"minutes":15}`} {
		if !strings.Contains(raw, part) {
			t.Fatalf("rules answer lacks %s: %s", part, raw)
		}
	}

	var v RuleView
	body := map[string]any{"rule": "failed_signins", "enabled": false, "config": map[string]any{"perUser": map[string]any{"count": 3, "minutes": 5}}}
	if st, raw := h.Call("admin", "POST", "/api/alerts/rules/update", body, &v); st != http.StatusOK || v.Enabled || v.Version != 1 ||
		v.UpdatedBy != h.Users["admin"].ID || v.UpdatedAt == nil {
		t.Fatalf("update: %d %s", st, raw)
	}
	h.Expect("admin", "POST", "/api/alerts/rules/update", apitest.With(body, "version", 5), http.StatusConflict, "")
	// Without a config, the configuration stays; the version moves.
	if st, raw := h.Call("admin", "POST", "/api/alerts/rules/update", map[string]any{"rule": "failed_signins", "enabled": true, "version": 1}, &v); st != http.StatusOK ||
		!v.Enabled || v.Version != 2 {
		t.Fatalf("enable: %d %s", st, raw)
	}
	state, err := h.Store.GetMonitorState(context.Background(), harnessWS)
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadSettings(state.Rules)
	if err != nil {
		t.Fatal(err)
	}
	c := s[RuleFailedSignIns].Config.(*FailedSignIns)
	if !s[RuleFailedSignIns].Enabled || c.PerUser != (Threshold{3, 5}) || c.PerAddress != (Threshold{20, 15}) || s[RuleFailedSignIns].Version != 2 {
		t.Fatalf("the monitor reads %+v %+v", s[RuleFailedSignIns], c)
	}
	zone := map[string]any{"rule": "off_hours_admin", "enabled": true, "config": map[string]any{"zone": "Europe/Paris", "weekdays": []string{"mon", "tue", "wed", "thu"}}}
	if st, raw := h.Call("admin", "POST", "/api/alerts/rules/update", zone, &v); st != http.StatusOK || !strings.Contains(raw, `"zone":"Europe/Paris"`) ||
		!strings.Contains(raw, `"endHour":19`) {
		t.Fatalf("zone: %d %s", st, raw)
	}
	if updates := h.Entries("alerts.rules.update"); len(updates) != 4 || updates[0].ResourceID != "off_hours_admin" || updates[0].Before == nil {
		t.Fatalf("audit: %+v", updates)
	}
}

func TestAlertRoutesReject(t *testing.T) {
	h := newRoutes(t)
	id := domain.NewID()
	for _, tc := range []struct {
		name, method, path string
		body               any
		field              string
	}{
		{"unknown status", "GET", "/api/alerts?status=closed", nil, "status"},
		{"unknown rule", "GET", "/api/alerts?rule=brute_force", nil, "rule"},
		{"unknown severity", "GET", "/api/alerts?severity=critical", nil, "severity"},
		{"bad page size", "GET", "/api/alerts?page_size=1000", nil, "page_size"},
		{"detail of a malformed id", "GET", "/api/alerts/detail?id=42", nil, "id"},
		{"acknowledge a malformed id", "POST", "/api/alerts/acknowledge", map[string]any{"id": "42"}, "id"},
		{"acknowledge at a negative version", "POST", "/api/alerts/acknowledge", map[string]any{"id": id, "version": -1}, "version"},
		{"acknowledge with an unknown field", "POST", "/api/alerts/acknowledge", map[string]any{"id": id, "why": "x"}, "why"},
		{"resolve without a comment", "POST", "/api/alerts/resolve", map[string]any{"id": id, "comment": "  "}, "comment"},
		{"resolve with control characters", "POST", "/api/alerts/resolve", map[string]any{"id": id, "comment": "ok\x07"}, "comment"},
		{"resolve with a long comment", "POST", "/api/alerts/resolve", map[string]any{"id": id, "comment": strings.Repeat("x", 1001)}, "comment"},
		{"update an unknown rule", "POST", "/api/alerts/rules/update", map[string]any{"rule": "brute_force", "enabled": true}, "rule"},
		{"update without enabled", "POST", "/api/alerts/rules/update", map[string]any{"rule": "failed_signins"}, "enabled"},
		{"a config that is no object", "POST", "/api/alerts/rules/update", map[string]any{"rule": "failed_signins", "enabled": true, "config": 5}, "config"},
		{"a count of one", "POST", "/api/alerts/rules/update",
			map[string]any{"rule": "failed_signins", "enabled": true, "config": map[string]any{"perUser": map[string]any{"count": 1, "minutes": 5}}}, "config.perUser.count"},
		{"an unknown config field", "POST", "/api/alerts/rules/update",
			map[string]any{"rule": "mass_export_delete", "enabled": true, "config": map[string]any{"treshold": 5}}, "config.treshold"},
		{"an unknown zone", "POST", "/api/alerts/rules/update",
			map[string]any{"rule": "off_hours_admin", "enabled": true, "config": map[string]any{"zone": "Paris"}}, "config.zone"},
		{"an unknown weekday", "POST", "/api/alerts/rules/update",
			map[string]any{"rule": "off_hours_admin", "enabled": true, "config": map[string]any{"weekdays": []string{"mon", "Tue"}}}, "config.weekdays[1]"},
		{"a number as text", "POST", "/api/alerts/rules/update",
			map[string]any{"rule": "repeated_denials", "enabled": true, "config": map[string]any{"count": "ten"}}, "config.count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.Expect("admin", tc.method, tc.path, tc.body, http.StatusBadRequest, tc.field)
		})
	}
	h.Expect("admin", "POST", "/api/alerts/acknowledge", map[string]any{"id": id}, http.StatusNotFound, "")
	h.Expect("admin", "POST", "/api/alerts/resolve", map[string]any{"id": id, "comment": "gone"}, http.StatusNotFound, "")
}
