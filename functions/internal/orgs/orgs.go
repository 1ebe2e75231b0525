// Package orgs reads an AWS Organization's member accounts through an
// organization credential: each account with its name, e-mail, status and
// the OU path above it. It walks the tree from the root
// (ListRoots, ListOrganizationalUnitsForParent, ListAccountsForParent):
// one call per OU rather than ListParents per account, which matters under
// Organizations' low request rates in an estate of hundreds of accounts.
package orgs

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Actions are the IAM actions Discover needs in the management (or
// delegated administrator) account.
var Actions = []string{"organizations:ListRoots", "organizations:ListOrganizationalUnitsForParent", "organizations:ListAccountsForParent"}

// Region is where the Organizations API is called: it is global, served
// from us-east-1.
const Region = "us-east-1"

// MaxAccounts bounds one organization's discovery.
const MaxAccounts = 5000

type node struct {
	id   string
	path []string // names from the root
	ids  []string // OU ids from the root (the root's own id first)
}

// Discover lists every member account, sorted by OU path then name.
func Discover(ctx context.Context, cfg aws.Config) ([]domain.OrgAccount, error) {
	cfg = cfg.Copy()
	cfg.Region = Region
	c := organizations.NewFromConfig(cfg)
	roots, err := c.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil {
		return nil, fmt.Errorf("list the organization's roots: %w", err)
	}
	var out []domain.OrgAccount
	var queue []node
	for _, r := range roots.Roots {
		queue = append(queue, node{id: aws.ToString(r.Id), path: []string{aws.ToString(r.Name)}, ids: []string{aws.ToString(r.Id)}})
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		ous := organizations.NewListOrganizationalUnitsForParentPaginator(c, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(n.id)})
		for ous.HasMorePages() {
			page, err := ous.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("list the OUs under %s: %w", n.id, err)
			}
			for _, ou := range page.OrganizationalUnits {
				queue = append(queue, node{id: aws.ToString(ou.Id), path: append(slices.Clone(n.path), aws.ToString(ou.Name)),
					ids: append(slices.Clone(n.ids), aws.ToString(ou.Id))})
			}
		}
		accts := organizations.NewListAccountsForParentPaginator(c, &organizations.ListAccountsForParentInput{ParentId: aws.String(n.id)})
		for accts.HasMorePages() {
			page, err := accts.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("list the accounts under %s: %w", n.id, err)
			}
			for _, a := range page.Accounts {
				out = append(out, domain.OrgAccount{ID: aws.ToString(a.Id), Name: aws.ToString(a.Name), Email: aws.ToString(a.Email),
					Status: string(a.Status), OUPath: strings.Join(n.path, " / "), OUIDs: slices.Clone(n.ids)})
			}
			if len(out) > MaxAccounts {
				return nil, fmt.Errorf("the organization has more than %d accounts", MaxAccounts)
			}
		}
	}
	slices.SortFunc(out, func(a, b domain.OrgAccount) int {
		if c := strings.Compare(a.OUPath, b.OUPath); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}
