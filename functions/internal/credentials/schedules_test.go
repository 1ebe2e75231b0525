package credentials_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// A credential an enabled schedule scans with cannot be deleted: 409
// naming the schedule. Disabled, the schedule no longer holds it.
func TestDeleteCredentialUsedBySchedule(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	c := h.create("admin", h.roleBody("scheduled", 0))
	sc := &domain.Schedule{ID: domain.NewID(), WorkspaceID: ws, Name: "Nightly inventory", Expression: "cron(0 2 * * ? *)", Timezone: "UTC",
		CredentialIDs: []string{c.ID}, Regions: []string{"eu-west-1"}, Enabled: true, CreatedBy: h.users["admin"].ID}
	if err := h.store.CreateSchedule(ctx, sc); err != nil {
		t.Fatal(err)
	}
	raw := h.expect("admin", "POST", "/api/credentials/delete", map[string]any{"id": c.ID}, 409, "")
	if !strings.Contains(raw, "Nightly inventory") || !strings.Contains(raw, sc.ID) {
		t.Fatalf("409 does not name the schedule: %s", raw)
	}
	if _, err := h.store.GetCredential(ctx, ws, c.ID); err != nil {
		t.Fatalf("deleted anyway: %v", err)
	}
	sc.Enabled = false
	if err := h.store.UpdateSchedule(ctx, sc); err != nil {
		t.Fatal(err)
	}
	h.expect("admin", "POST", "/api/credentials/delete", map[string]any{"id": c.ID}, 204, "")
}
