package store

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

func newAlert(ws, rule, key string, at time.Time) *domain.Alert {
	return &domain.Alert{ID: domain.IDFor(at, key), WorkspaceID: ws, Rule: rule, Severity: domain.SeverityHigh,
		Title: "Repeated failed sign-ins", Message: "5 failed sign-ins", Subject: "u1", Evidence: []string{domain.NewID()},
		FiredAt: at, DedupeKey: key}
}

func TestAlertLifecycle(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	a := newAlert("ws1", "failed_signins", "failed_signins|u1|E1", at)
	created, err := s.CreateAlert(ctx, a)
	if err != nil || !created || a.Version != 1 || a.Status != domain.AlertOpen {
		t.Fatalf("create: %v %v %+v", created, err, a)
	}
	// The same key again (a tick run twice) raises nothing and answers
	// the stored alert, even under another id.
	again := newAlert("ws1", "failed_signins", "failed_signins|u1|E1", at.Add(time.Second))
	created, err = s.CreateAlert(ctx, again)
	if err != nil || created || again.ID != a.ID || again.NotifiedAt != nil {
		t.Fatalf("create again: %v %v %+v", created, err, again)
	}
	if err := s.MarkAlertNotified(ctx, "ws1", a.ID, at); err != nil {
		t.Fatal(err)
	}
	again = newAlert("ws1", "failed_signins", "failed_signins|u1|E1", at)
	if created, err = s.CreateAlert(ctx, again); err != nil || created || again.NotifiedAt == nil || again.Version != 1 {
		t.Fatalf("after notification: %v %v %+v", created, err, again)
	}
	// The same key in another workspace is another alert.
	other := newAlert("ws2", "failed_signins", "failed_signins|u1|E1", at)
	if created, err := s.CreateAlert(ctx, other); err != nil || !created {
		t.Fatalf("other workspace: %v %v", created, err)
	}
	b := newAlert("ws1", "new_address", "new_address|u2|E2", at.Add(time.Minute))
	b.Severity = domain.SeverityLow
	if _, err := s.CreateAlert(ctx, b); err != nil {
		t.Fatal(err)
	}

	all, err := s.ListAlerts(ctx, "ws1", AlertFilter{}, Page{Number: 1, Size: 10})
	if err != nil || all.Total != 2 || all.Items[0].ID != b.ID || all.Items[1].ID != a.ID {
		t.Fatalf("newest first: %+v %v", all, err)
	}
	byRule, err := s.ListAlerts(ctx, "ws1", AlertFilter{Rule: "new_address"}, Page{Number: 1, Size: 10})
	if err != nil || byRule.Total != 1 || byRule.Items[0].ID != b.ID {
		t.Fatalf("by rule: %+v %v", byRule, err)
	}
	bySeverity, err := s.ListAlerts(ctx, "ws1", AlertFilter{Severity: domain.SeverityHigh}, Page{Number: 1, Size: 10})
	if err != nil || bySeverity.Total != 1 || bySeverity.Items[0].ID != a.ID {
		t.Fatalf("by severity: %+v %v", bySeverity, err)
	}

	// Acknowledge: once, at the version read; a stale version conflicts.
	if _, err := s.AcknowledgeAlert(ctx, "ws1", a.ID, "admin1", 7); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("stale acknowledge: %v", err)
	}
	ack, err := s.AcknowledgeAlert(ctx, "ws1", a.ID, "admin1", 1)
	if err != nil || ack.Status != domain.AlertAcknowledged || ack.Version != 2 || ack.AcknowledgedBy != "admin1" || ack.AcknowledgedAt == nil {
		t.Fatalf("acknowledge: %+v %v", ack, err)
	}
	if _, err := s.AcknowledgeAlert(ctx, "ws1", a.ID, "admin1", 0); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("acknowledge twice: %v", err)
	}
	if _, err := s.AcknowledgeAlert(ctx, "ws1", domain.NewID(), "admin1", 0); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("acknowledge a missing alert: %v", err)
	}
	if _, err := s.AcknowledgeAlert(ctx, "ws2", b.ID, "admin1", 0); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("acknowledge another workspace's alert: %v", err)
	}
	open, err := s.ListAlerts(ctx, "ws1", AlertFilter{Status: domain.AlertOpen}, Page{Number: 1, Size: 10})
	if err != nil || open.Total != 1 || open.Items[0].ID != b.ID {
		t.Fatalf("open: %+v %v", open, err)
	}
	acked, err := s.ListAlerts(ctx, "ws1", AlertFilter{Status: domain.AlertAcknowledged}, Page{Number: 1, Size: 10})
	if err != nil || acked.Total != 1 || acked.Items[0].ID != a.ID {
		t.Fatalf("acknowledged: %+v %v", acked, err)
	}

	// Resolve: from open or acknowledged, once.
	if _, err := s.ResolveAlert(ctx, "ws1", a.ID, "admin1", "known test", 1); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("stale resolve: %v", err)
	}
	res, err := s.ResolveAlert(ctx, "ws1", a.ID, "admin1", "a load test from the office", 2)
	if err != nil || res.Status != domain.AlertResolved || res.ResolvedBy != "admin1" || res.ResolveComment == "" || res.Version != 3 {
		t.Fatalf("resolve: %+v %v", res, err)
	}
	if _, err := s.ResolveAlert(ctx, "ws1", a.ID, "admin1", "again", 0); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("resolve twice: %v", err)
	}
	if _, err := s.ResolveAlert(ctx, "ws1", b.ID, "admin1", "expected", 0); err != nil {
		t.Fatalf("resolve an open alert: %v", err)
	}
	resolved, err := s.ListAlerts(ctx, "ws1", AlertFilter{Status: domain.AlertResolved, Rule: "failed_signins"}, Page{Number: 1, Size: 10})
	if err != nil || resolved.Total != 1 || resolved.Items[0].ID != a.ID {
		t.Fatalf("resolved: %+v %v", resolved, err)
	}
}

func TestMonitorStateAndRules(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	st, err := s.GetMonitorState(ctx, "ws1")
	if err != nil || st.Checkpoint != "" || len(st.Rules) != 0 {
		t.Fatalf("empty: %+v %v", st, err)
	}
	rs := &domain.AlertRuleSetting{WorkspaceID: "ws1", Rule: "failed_signins", Enabled: false,
		Config: json.RawMessage(`{"perUser":{"count":3,"minutes":5}}`), UpdatedBy: "admin1"}
	if err := s.PutAlertRule(ctx, rs); err != nil || rs.Version != 1 {
		t.Fatalf("create rule: %+v %v", rs, err)
	}
	dup := &domain.AlertRuleSetting{WorkspaceID: "ws1", Rule: "failed_signins", Config: json.RawMessage(`{}`)}
	if err := s.PutAlertRule(ctx, dup); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("create twice: %v", err)
	}
	rs.Enabled = true
	if err := s.PutAlertRule(ctx, rs); err != nil || rs.Version != 2 {
		t.Fatalf("update rule: %+v %v", rs, err)
	}
	stale := *rs
	stale.Version = 1
	if err := s.PutAlertRule(ctx, &stale); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("stale update: %v", err)
	}

	first, second := domain.IDFor(time.Unix(100, 0), "a"), domain.IDFor(time.Unix(200, 0), "b")
	if err := s.SetMonitorCheckpoint(ctx, "ws1", second); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMonitorCheckpoint(ctx, "ws1", first); err != nil { // a slower tick: ignored
		t.Fatal(err)
	}
	st, err = s.GetMonitorState(ctx, "ws1")
	if err != nil || st.Checkpoint != second || len(st.Rules) != 1 || !st.Rules[0].Enabled || st.Rules[0].Version != 2 ||
		string(st.Rules[0].Config) != `{"perUser":{"count":3,"minutes":5}}` || st.Rules[0].WorkspaceID != "ws1" {
		t.Fatalf("state: %+v %v", st, err)
	}
	if other, err := s.GetMonitorState(ctx, "ws2"); err != nil || other.Checkpoint != "" || len(other.Rules) != 0 {
		t.Fatalf("another workspace: %+v %v", other, err)
	}
}

func TestSeenAddresses(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	got, err := s.SeenAddressesOf(ctx, "ws1", []string{"u1", "u2"})
	if err != nil || len(got) != 0 {
		t.Fatalf("none yet: %+v %v", got, err)
	}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	sa := &SeenAddresses{WorkspaceID: "ws1", UserID: "u1", Addresses: map[string]time.Time{"203.0.113.5": at, "2001:db8:1:2::/64": at}}
	if err := s.PutSeenAddresses(ctx, sa, at.Add(90*24*time.Hour)); err != nil || sa.Version != 1 {
		t.Fatalf("put: %+v %v", sa, err)
	}
	stale := &SeenAddresses{WorkspaceID: "ws1", UserID: "u1", Addresses: map[string]time.Time{}}
	if err := s.PutSeenAddresses(ctx, stale, at); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("concurrent first put: %v", err)
	}
	sa.Addresses["198.51.100.7"] = at.Add(time.Hour)
	if err := s.PutSeenAddresses(ctx, sa, at.Add(90*24*time.Hour)); err != nil || sa.Version != 2 {
		t.Fatalf("second put: %+v %v", sa, err)
	}
	// Many users in one call (more than one batch of a hundred).
	users := []string{"u1"}
	for i := range 120 {
		users = append(users, "x"+domain.IDFor(at, string(rune('a'+i%26))+string(rune(i))))
	}
	got, err = s.SeenAddressesOf(ctx, "ws1", users)
	if err != nil || len(got) != 1 || got["u1"].Version != 2 || len(got["u1"].Addresses) != 3 ||
		!got["u1"].Addresses["2001:db8:1:2::/64"].Equal(at) {
		t.Fatalf("read back: %+v %v", got, err)
	}
	if other, err := s.SeenAddressesOf(ctx, "ws2", []string{"u1"}); err != nil || len(other) != 0 {
		t.Fatalf("another workspace: %+v %v", other, err)
	}
}

func TestAuditRangeAndEntries(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	start := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	var ids []string
	for i := range 25 {
		at := start.Add(time.Duration(i) * time.Second)
		e := &domain.AuditEntry{ID: domain.IDFor(at, "e"+string(rune('a'+i))), WorkspaceID: "ws1", Actor: "u1", Action: "tasks.create",
			ResourceType: "task", Result: domain.AuditSuccess, Timestamp: at}
		if err := s.PutAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	if err := s.PutAudit(ctx, &domain.AuditEntry{ID: domain.IDFor(start, "x"), WorkspaceID: "ws2", Actor: "u9", Action: "tasks.create", Timestamp: start}); err != nil {
		t.Fatal(err)
	}
	until := domain.IDPrefixAt(start.Add(20 * time.Second)) // entries 0..19
	page, err := s.AuditRange(ctx, "ws1", "", until, 8)
	if err != nil || len(page) != 8 || page[0].ID != ids[0] || page[7].ID != ids[7] {
		t.Fatalf("first page: %d %v", len(page), err)
	}
	page, err = s.AuditRange(ctx, "ws1", page[7].ID, until, 100) // strictly after
	if err != nil || len(page) != 12 || page[0].ID != ids[8] || page[11].ID != ids[19] {
		t.Fatalf("rest: %d %v", len(page), err)
	}
	page, err = s.AuditRange(ctx, "ws1", domain.IDPrefixAt(start.Add(22*time.Second)), domain.IDPrefixAt(start.Add(time.Hour)), 100)
	if err != nil || len(page) != 3 || page[0].ID != ids[22] {
		t.Fatalf("from a time: %d %v", len(page), err)
	}
	if page, err = s.AuditRange(ctx, "ws1", ids[24], ids[3], 100); err != nil || len(page) != 0 {
		t.Fatalf("empty range: %d %v", len(page), err)
	}

	got, err := s.AuditEntries(ctx, "ws1", []string{ids[5], domain.NewID(), ids[2], ids[5]})
	if err != nil || len(got) != 2 || got[0].ID != ids[5] || got[1].ID != ids[2] {
		t.Fatalf("entries by id: %+v %v", got, err)
	}
	if got, err := s.AuditEntries(ctx, "ws2", []string{ids[5]}); err != nil || len(got) != 0 {
		t.Fatalf("another workspace's entry: %+v %v", got, err)
	}
}

func TestUsersWithRole(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for i, r := range []domain.Role{domain.RoleAdmin, domain.RoleUser, domain.RoleAdmin} {
		n := string(rune('a' + i))
		u := &domain.User{ID: domain.NewID(), WorkspaceID: "ws1", Username: "user" + n, Email: n + "@example.com", Role: r,
			Status: domain.UserActive, Subject: "sub-" + n}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	admins, err := s.UsersWithRole(ctx, "ws1", domain.RoleAdmin)
	if err != nil || len(admins) != 2 {
		t.Fatalf("admins: %+v %v", admins, err)
	}
}
