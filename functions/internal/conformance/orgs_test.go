package conformance

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/orgs"
)

// TestDiscoveryAgainstMoto: an organization made in moto (OUs two deep,
// accounts in each) is discovered with every account's name, e-mail and
// OU path.
func TestDiscoveryAgainstMoto(t *testing.T) {
	ctx := context.Background()
	c := organizations.NewFromConfig(config(orgs.Region))
	must[*organizations.CreateOrganizationOutput](t, "organization")(c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}))
	roots := must[*organizations.ListRootsOutput](t, "roots")(c.ListRoots(ctx, &organizations.ListRootsInput{}))
	root := roots.Roots[0].Id
	work := must[*organizations.CreateOrganizationalUnitOutput](t, "ou")(c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: root, Name: aws.String("Workloads")})).OrganizationalUnit
	prod := must[*organizations.CreateOrganizationalUnitOutput](t, "ou")(c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: work.Id, Name: aws.String("Prod")})).OrganizationalUnit
	sec := must[*organizations.CreateOrganizationalUnitOutput](t, "ou")(c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: root, Name: aws.String("Security")})).OrganizationalUnit
	place := func(name string, parent *string) string {
		st := must[*organizations.CreateAccountOutput](t, "account")(c.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String(name), Email: aws.String(name + "@example.com")})).CreateAccountStatus
		id := aws.ToString(st.AccountId)
		must[*organizations.MoveAccountOutput](t, "move")(c.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(id), SourceParentId: root, DestinationParentId: parent}))
		return id
	}
	shop := place("shop-prod", prod.Id)
	audit := place("audit", sec.Id)

	accounts, err := orgs.Discover(ctx, config(orgs.Region))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]string{}
	for _, a := range accounts {
		byID[a.ID] = a.Name + " @ " + a.OUPath + " <" + a.Email + "> " + a.Status
	}
	for id, want := range map[string]string{
		shop:  "shop-prod @ Root / Workloads / Prod <shop-prod@example.com> ACTIVE",
		audit: "audit @ Root / Security <audit@example.com> ACTIVE",
	} {
		if byID[id] != want {
			t.Errorf("account %s: %q, want %q", id, byID[id], want)
		}
	}
	if !slices.ContainsFunc(accounts, func(a domain.OrgAccount) bool { return a.ID == motoAccount }) {
		t.Errorf("the management account is not listed: %v", byID)
	}
}
