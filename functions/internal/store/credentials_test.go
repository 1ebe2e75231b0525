package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

func newCredential(ws, name, by string) *domain.Credential {
	return &domain.Credential{ID: domain.NewID(), WorkspaceID: ws, Name: name, Type: domain.CredentialAssumeRole,
		AccountID: "123456789012", RoleARN: "arn:aws:iam::123456789012:role/CloudCensusScanner",
		ExternalID: domain.NewExternalID(), IsActive: true, CreatedBy: by}
}

func TestCredentialLifecycle(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := newCredential("ws1", "Prod", "u1")
	c.Type, c.RoleARN, c.ExternalID = domain.CredentialAccessKey, "", ""
	c.AccessKeyID = "AKIAIOSFODNN7EXAMPLE"
	c.Secret = &domain.SealedSecret{KeyID: "local:k", DataKey: []byte{1, 2, 3}, Ciphertext: []byte{4, 5, 6}}
	if err := s.CreateCredential(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetCredential(ctx, "ws1", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 || got.Secret == nil || string(got.Secret.Ciphertext) != string([]byte{4, 5, 6}) ||
		got.AccessKeyID != c.AccessKeyID || got.CreatedBy != "u1" || !got.IsActive {
		t.Fatalf("read back %+v", got)
	}
	// Names are unique per workspace, whatever the case.
	dup := newCredential("ws1", "prod", "u2")
	if err := s.CreateCredential(ctx, dup); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("duplicate name: %v", err)
	}
	if err := s.CreateCredential(ctx, newCredential("ws2", "Prod", "u2")); err != nil {
		t.Fatalf("same name in another workspace: %v", err)
	}
	// A validation result is recorded without bumping the version.
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	v, err := s.RecordValidation(ctx, "ws1", c.ID, domain.Validation{OK: true, Message: "ok", ARN: "arn:aws:iam::123456789012:user/x", AccountID: "123456789012"}, at)
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != 1 || v.Validation == nil || !v.Validation.OK || v.LastValidatedAt == nil || !v.LastValidatedAt.Equal(at) || v.Secret == nil {
		t.Fatalf("after validation %+v", v)
	}
	if _, err := s.RecordValidation(ctx, "ws1", domain.NewID(), domain.Validation{}, at); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("validation of a missing credential: %v", err)
	}
	// Rename frees the old name; a stale update is a conflict.
	before := *got
	got.Name = "Production"
	if err := s.UpdateCredential(ctx, &before, got); err != nil {
		t.Fatal(err)
	}
	stale := before
	stale.Name = "Other"
	if err := s.UpdateCredential(ctx, &before, &stale); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("stale update: %v", err)
	}
	if err := s.CreateCredential(ctx, dup); err != nil {
		t.Fatalf("old name should be free: %v", err)
	}
	if err := s.DeleteCredential(ctx, got); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetCredential(ctx, "ws1", c.ID); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("deleted credential: %v", err)
	}
	if err := s.DeleteCredential(ctx, got); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("second delete: %v", err)
	}
}

func TestListCredentials(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	var ids []string
	for i := range 5 {
		c := newCredential("ws1", fmt.Sprintf("c%d", i), []string{"alice", "bob"}[i%2])
		if i == 3 {
			c.AccountID, c.RoleARN = "210987654321", "arn:aws:iam::210987654321:role/R"
		}
		if i == 4 {
			c.Type, c.RoleARN, c.ExternalID, c.AccessKeyID = domain.CredentialAccessKey, "", "", "AKIAIOSFODNN7EXAMPLE"
			c.IsActive = false
		}
		if err := s.CreateCredential(ctx, c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	if err := s.CreateCredential(ctx, newCredential("ws2", "elsewhere", "alice")); err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	for _, tc := range []struct {
		f    CredentialFilter
		want int
	}{
		{CredentialFilter{}, 5},
		{CredentialFilter{Type: domain.CredentialAccessKey}, 1},
		{CredentialFilter{Active: &no}, 1},
		{CredentialFilter{Active: &yes}, 4},
		{CredentialFilter{AccountID: "210987654321"}, 1},
		{CredentialFilter{AccountID: "123456789012", Type: domain.CredentialAssumeRole}, 3},
		{CredentialFilter{AccountID: "999999999999"}, 0},
	} {
		l, err := s.ListCredentials(ctx, "ws1", tc.f, Page{Number: 1, Size: 20})
		if err != nil || l.Total != tc.want || len(l.Items) != tc.want {
			t.Errorf("%+v: total %d items %d (%v), want %d", tc.f, l.Total, len(l.Items), err, tc.want)
		}
		for _, c := range l.Items {
			if !tc.f.Match(&c) {
				t.Errorf("%+v listed %s, which does not match", tc.f, c.Name)
			}
		}
	}
	l, err := s.ListCredentials(ctx, "ws1", CredentialFilter{}, Page{Number: 1, Size: 2})
	if err != nil || len(l.Items) != 2 || l.Next == "" || l.Items[0].ID != ids[0] {
		t.Fatalf("first page: %+v %v", l, err)
	}
	mine, err := s.CredentialsCreatedBy(ctx, "ws1", "alice")
	if err != nil || len(mine) != 3 {
		t.Fatalf("alice's credentials: %d %v", len(mine), err)
	}
	got, err := s.GetCredentials(ctx, "ws1", []string{ids[4], ids[1], domain.NewID(), ids[1]})
	if err != nil || len(got) != 2 || got[0].ID != ids[1] || got[1].ID != ids[4] {
		t.Fatalf("GetCredentials: %+v %v", got, err)
	}
	if got, err := s.GetCredentials(ctx, "ws1", []string{domain.NewID()}); err != nil || len(got) != 0 {
		t.Fatalf("GetCredentials of none: %+v %v", got, err)
	}
	if _, err := s.DemoCredential(ctx, "ws1"); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("no demo yet: %v", err)
	}
	demo := newCredential("ws1", "Demo account", "alice")
	demo.Demo = true
	if err := s.CreateCredential(ctx, demo); err != nil {
		t.Fatal(err)
	}
	if d, err := s.DemoCredential(ctx, "ws1"); err != nil || d.ID != demo.ID {
		t.Fatalf("demo: %+v %v", d, err)
	}
}

func TestBaseRole(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	b, err := s.GetBaseRole(ctx, "ws1")
	if err != nil || b.Mode != domain.BaseExecutionRole || b.Version != 0 {
		t.Fatalf("default: %+v %v", b, err)
	}
	b.Mode, b.AccessKeyID = domain.BaseAccessKey, "AKIAIOSFODNN7EXAMPLE"
	b.Secret = &domain.SealedSecret{KeyID: "k", DataKey: []byte{1}, Ciphertext: []byte{2}}
	if err := s.PutBaseRole(ctx, b); err != nil {
		t.Fatal(err)
	}
	stale := *b
	got, err := s.GetBaseRole(ctx, "ws1")
	if err != nil || got.Mode != domain.BaseAccessKey || got.Version != 1 || got.Secret == nil || got.AccessKeyID != b.AccessKeyID {
		t.Fatalf("stored: %+v %v", got, err)
	}
	got.Mode, got.AccessKeyID, got.Secret = domain.BaseExecutionRole, "", nil
	if err := s.PutBaseRole(ctx, got); err != nil {
		t.Fatal(err)
	}
	if err := s.PutBaseRole(ctx, &stale); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("stale put: %v", err)
	}
	// Writing the default again over an existing row is a conflict too.
	fresh := &domain.BaseRole{WorkspaceID: "ws1", Mode: domain.BaseExecutionRole}
	if err := s.PutBaseRole(ctx, fresh); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("second create: %v", err)
	}
	if other, _ := s.GetBaseRole(ctx, "ws2"); other.Mode != domain.BaseExecutionRole || other.Version != 0 {
		t.Fatalf("other workspace sees %+v", other)
	}
}
