package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/admin"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

func TestCreateInviteRejects(t *testing.T) {
	h := newHarness(t)
	b := map[string]any{"role": "user", "expiresInHours": 24, "maxUses": 5}
	cases := []struct {
		name  string
		body  any
		field string
	}{
		{"no role", with(b, "role", nil), "role"},
		{"unknown role", with(b, "role", "owner"), "role"},
		{"role with XML", with(b, "role", "<admin/>"), "role"},
		{"role of 10,000 characters", with(b, "role", strings.Repeat("r", 10000)), "role"},
		{"no expiry", with(b, "expiresInHours", nil), "expiresInHours"},
		{"negative expiry", with(b, "expiresInHours", -1), "expiresInHours"},
		{"expiry over 90 days", with(b, "expiresInHours", 24*90+1), "expiresInHours"},
		{"expiry as a string", with(b, "expiresInHours", "24"), "expiresInHours"},
		{"expiry as a fraction", with(b, "expiresInHours", 1.5), "expiresInHours"},
		{"no uses", with(b, "maxUses", nil), "maxUses"},
		{"over 1000 uses", with(b, "maxUses", 1001), "maxUses"},
		{"a chosen code", with(b, "code", "LETMEIN"), "code"},
		{"not JSON", "{", "body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h.Expect("admin", "POST", "/api/invites/create", tc.body, http.StatusBadRequest, tc.field)
		})
	}
	var l httpapi.List[domain.Invite]
	h.Call("admin", "GET", "/api/invites", nil, &l)
	if len(l.Data) != 0 {
		t.Fatalf("refused creates made invites: %+v", l.Data)
	}
	if e := h.entries("invites.create"); len(e) != len(cases) || e[0].Result != domain.AuditFailure {
		t.Fatalf("%d entries for %d refusals: %+v", len(e), len(cases), e)
	}
	h.Expect("pu1", "POST", "/api/invites/create", b, http.StatusForbidden, "")
}

var codePattern = regexp.MustCompile(`^[A-Z2-7]{24}$`)

func TestInviteCodeIsShownOnce(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	before := time.Now().UTC()
	var made admin.InviteCreated
	if st, raw := h.Call("admin", "POST", "/api/invites/create", map[string]any{"role": "power_user", "expiresInHours": 48, "maxUses": 3}, &made); st != http.StatusCreated {
		t.Fatalf("%d %s", st, raw)
	}
	inv := made.Invite
	switch {
	case !codePattern.MatchString(made.Code):
		t.Fatalf("code %q", made.Code)
	case inv.Hint != made.Code[len(made.Code)-4:] || inv.Role != domain.RolePowerUser || inv.MaxUses != 3 || inv.Uses != 0 || inv.CreatedBy != h.Users["admin"].ID:
		t.Fatalf("invite %+v", inv)
	case inv.ExpiresAt.Before(before.Add(48*time.Hour)) || inv.ExpiresAt.After(time.Now().Add(48*time.Hour)):
		t.Fatalf("expires %s", inv.ExpiresAt)
	}
	// Only the hash is stored, and the hash finds the invite.
	hash := domain.HashInviteCode(made.Code)
	stored, err := h.Store.InviteByCodeHash(ctx, hash)
	if err != nil || stored.ID != inv.ID || stored.CodeHash != hash || stored.CodeHash == made.Code {
		t.Fatalf("stored %+v, %v", stored, err)
	}
	if _, err := h.Store.InviteByCodeHash(ctx, made.Code); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("the plain code finds an invite: %v", err)
	}
	var other admin.InviteCreated
	h.Call("admin", "POST", "/api/invites/create", map[string]any{"role": "user", "expiresInHours": 1, "maxUses": 1}, &other)
	if other.Code == made.Code {
		t.Fatal("two invites share a code")
	}
	// The list, the audit log and the logs never show the code or its hash.
	var l httpapi.List[domain.Invite]
	_, raw := h.Call("admin", "GET", "/api/invites", nil, &l)
	if len(l.Data) != 2 || l.Data[0].ID != other.Invite.ID {
		t.Fatalf("list, newest first: %+v", l.Data)
	}
	for name, text := range map[string]string{"the list": raw, "the audit log": h.AuditText(), "the logs": h.Logs()} {
		for _, secret := range []string{made.Code, hash, other.Code} {
			if strings.Contains(text, secret) {
				t.Fatalf("%s shows a code or its hash", name)
			}
		}
	}
	if e := h.entries("invites.create"); len(e) != 2 || e[1].ResourceID != inv.ID || e[1].Result != domain.AuditSuccess {
		t.Fatalf("audit %+v", e)
	}
	h.Expect("pu1", "GET", "/api/invites", nil, http.StatusForbidden, "")
}

func TestDeleteInvite(t *testing.T) {
	h := newHarness(t)
	var made admin.InviteCreated
	h.Call("admin", "POST", "/api/invites/create", map[string]any{"role": "user", "expiresInHours": 24, "maxUses": 1}, &made)
	unknown := domain.NewID()
	h.Expect("admin", "POST", "/api/invites/delete", map[string]string{"id": "nope"}, 400, "id")
	h.Expect("admin", "POST", "/api/invites/delete", map[string]string{"id": unknown}, 404, "")
	h.Expect("admin", "POST", "/api/invites/delete", map[string]string{"code": made.Code}, 400, "code")
	h.Expect("pu1", "POST", "/api/invites/delete", map[string]string{"id": made.Invite.ID}, http.StatusForbidden, "")
	h.Expect("admin", "POST", "/api/invites/delete", map[string]string{"id": made.Invite.ID}, http.StatusNoContent, "")
	if _, err := h.Store.InviteByCodeHash(context.Background(), domain.HashInviteCode(made.Code)); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("the deleted invite's code still works: %v", err)
	}
	if _, raw := h.Call("admin", "GET", "/api/invites", nil, nil); !strings.Contains(raw, `"data":[]`) {
		t.Fatalf("an empty list must be []: %s", raw)
	}
	h.Expect("admin", "POST", "/api/invites/delete", map[string]string{"id": made.Invite.ID}, 404, "")
	var got []string
	for _, e := range h.entries("invites.delete") {
		got = append([]string{string(e.Result) + " " + e.ResourceID}, got...)
	}
	want := []string{"failure nope", "failure " + unknown, "failure ", "success " + made.Invite.ID, "failure " + made.Invite.ID}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("audited %q, want %q", got, want)
	}
}

func TestListInvitesPages(t *testing.T) {
	h := newHarness(t)
	for range 3 {
		h.Expect("admin", "POST", "/api/invites/create", map[string]any{"role": "user", "expiresInHours": 24, "maxUses": 1}, 201, "")
	}
	var l httpapi.List[domain.Invite]
	h.Call("admin", "GET", "/api/invites?page_size=2", nil, &l)
	if len(l.Data) != 2 || l.Pagination.Total != 3 || l.Pagination.TotalPages != 2 || l.NextCursor == "" {
		t.Fatalf("first page %+v", l.Pagination)
	}
	var next httpapi.List[domain.Invite]
	h.Call("admin", "GET", "/api/invites?page_size=2&cursor="+url.QueryEscape(l.NextCursor), nil, &next)
	if len(next.Data) != 1 || next.NextCursor != "" || next.Data[0].ID == l.Data[0].ID || next.Data[0].ID == l.Data[1].ID {
		t.Fatalf("second page %+v", next)
	}
	for _, q := range []string{"page_size=0", "page_size=101", "page=0"} {
		h.Expect("admin", "GET", "/api/invites?"+q, nil, 400, strings.Split(q, "=")[0])
	}
}
