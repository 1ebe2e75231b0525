package awsclient

import (
	"context"
	"slices"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/orgs"
)

// The demo organization is discovered through its management account,
// and its members are reached through the member role: the one without
// the role is refused with AccessDenied.
func TestDiscoverAndReachTheDemoOrganization(t *testing.T) {
	sim := awssim.Demo()
	org := sim.Estate().Org
	mgmt := sim.Estate().Account(org.Management)
	r := New(Options{Demo: sim.Config})
	cred := &domain.Credential{ID: "org", Type: domain.CredentialOrganization, AccountID: mgmt.ID, Demo: true,
		ExternalID: mgmt.Roles[0].ExternalID, MemberRoleName: awssim.DemoOrgRole}
	accounts, err := r.Discover(context.Background(), cred, ForTask("t"))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, a := range accounts {
		paths = append(paths, a.OUPath)
	}
	if len(accounts) != 4 || !slices.Contains(paths, "Root / Workloads / Staging") || !slices.Contains(paths, "Root / Security") {
		t.Fatalf("discovered %+v", accounts)
	}
	staging := sim.Estate().Accounts[1].ID
	cfg, err := r.MemberConfig(context.Background(), cred, staging, "eu-west-1", ForTask("t"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Credentials.Retrieve(context.Background()); err != nil {
		t.Fatalf("the member role was not assumed: %v", err)
	}
	cfg, _ = r.MemberConfig(context.Background(), cred, awssim.DemoNoRoleAccount, "eu-west-1", ForTask("t"))
	if _, err := cfg.Credentials.Retrieve(context.Background()); err == nil {
		t.Fatal("a member without the role was entered")
	}
	// An account credential lists nothing.
	if _, err := r.Discover(context.Background(), &domain.Credential{Type: domain.CredentialAssumeRole}, ForTask("t")); err == nil {
		t.Error("an account credential was discovered")
	}
	if len(orgs.Actions) != 3 {
		t.Errorf("orgs.Actions %v", orgs.Actions)
	}
}
