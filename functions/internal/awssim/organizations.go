package awssim

import (
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// Organization is an AWS Organization: its management account, its OU
// tree and its member accounts. Members need not be accounts of the
// estate: one that is not has no role anyone can assume.
type Organization struct {
	ID         string
	Management string // the management account's id
	RootID     string
	OUs        []OU
	Members    []Member
}

// OU is an organizational unit under a parent (the root or another OU).
type OU struct {
	ID, Name, Parent string
}

// Member is a member account under a parent.
type Member struct {
	ID, Name, Email, Parent string
	Status                  orgtypes.AccountStatus
}

// Organizations: the management account (or a delegated administrator,
// here any principal of the management account) walks the tree:
// ListRoots, ListOrganizationalUnitsForParent, ListAccountsForParent, and
// ListAccounts and ListParents for whoever asks the flat way. Others get
// AWSOrganizationsNotInUseException or AccessDeniedException as AWS does.
func init() {
	org := func(r *Request) (*Organization, error) {
		o := r.Sim.estate.Org
		if o == nil {
			return nil, APIError(400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
		}
		if r.Account.ID != o.Management {
			return nil, APIError(400, "AccessDeniedException", "You don't have permissions to access this resource.")
		}
		return o, nil
	}
	account := func(o *Organization, m Member) orgtypes.Account {
		return orgtypes.Account{Id: aws.String(m.ID), Name: aws.String(m.Name), Email: aws.String(m.Email), Status: m.Status,
			Arn: aws.String("arn:aws:organizations::" + o.Management + ":account/" + o.ID + "/" + m.ID)}
	}
	handle("Organizations", "ListRoots", func(r *Request, in *organizations.ListRootsInput) (*organizations.ListRootsOutput, error) {
		o, err := org(r)
		if err != nil {
			return nil, err
		}
		return &organizations.ListRootsOutput{Roots: []orgtypes.Root{{Id: aws.String(o.RootID), Name: aws.String("Root")}}}, nil
	})
	handle("Organizations", "ListOrganizationalUnitsForParent", func(r *Request, in *organizations.ListOrganizationalUnitsForParentInput) (*organizations.ListOrganizationalUnitsForParentOutput, error) {
		o, err := org(r)
		if err != nil {
			return nil, err
		}
		var ous []orgtypes.OrganizationalUnit
		for _, ou := range o.OUs {
			if ou.Parent == aws.ToString(in.ParentId) {
				ous = append(ous, orgtypes.OrganizationalUnit{Id: aws.String(ou.ID), Name: aws.String(ou.Name)})
			}
		}
		items, next, err := page(r, ous, in.NextToken, int(aws.ToInt32(in.MaxResults)))
		return &organizations.ListOrganizationalUnitsForParentOutput{OrganizationalUnits: items, NextToken: next}, err
	})
	handle("Organizations", "ListAccountsForParent", func(r *Request, in *organizations.ListAccountsForParentInput) (*organizations.ListAccountsForParentOutput, error) {
		o, err := org(r)
		if err != nil {
			return nil, err
		}
		var accounts []orgtypes.Account
		for _, m := range o.Members {
			if m.Parent == aws.ToString(in.ParentId) {
				accounts = append(accounts, account(o, m))
			}
		}
		items, next, err := page(r, accounts, in.NextToken, int(aws.ToInt32(in.MaxResults)))
		return &organizations.ListAccountsForParentOutput{Accounts: items, NextToken: next}, err
	})
	handle("Organizations", "ListAccounts", func(r *Request, in *organizations.ListAccountsInput) (*organizations.ListAccountsOutput, error) {
		o, err := org(r)
		if err != nil {
			return nil, err
		}
		var accounts []orgtypes.Account
		for _, m := range o.Members {
			accounts = append(accounts, account(o, m))
		}
		items, next, err := page(r, accounts, in.NextToken, int(aws.ToInt32(in.MaxResults)))
		return &organizations.ListAccountsOutput{Accounts: items, NextToken: next}, err
	})
	handle("Organizations", "ListParents", func(r *Request, in *organizations.ListParentsInput) (*organizations.ListParentsOutput, error) {
		o, err := org(r)
		if err != nil {
			return nil, err
		}
		child := aws.ToString(in.ChildId)
		parent := ""
		if i := slices.IndexFunc(o.Members, func(m Member) bool { return m.ID == child }); i >= 0 {
			parent = o.Members[i].Parent
		} else if i := slices.IndexFunc(o.OUs, func(ou OU) bool { return ou.ID == child }); i >= 0 {
			parent = o.OUs[i].Parent
		} else {
			return nil, APIError(400, "ChildNotFoundException", "We can't find a child with the ChildId that you specified.")
		}
		typ := orgtypes.ParentTypeOrganizationalUnit
		if parent == o.RootID {
			typ = orgtypes.ParentTypeRoot
		}
		return &organizations.ListParentsOutput{Parents: []orgtypes.Parent{{Id: aws.String(parent), Type: typ}}}, nil
	})
}

// Organize makes the estate's first account the management account of an
// organization holding every account, spread over OUs of at most perOU
// accounts under a Workloads OU, each member trusting the management
// account's scanner role's ExternalId in DemoOrgRole: a large organization
// for benchmarks.
func Organize(e *Estate, perOU int) *Organization {
	mgmt := e.Accounts[0]
	root := "r-bench"
	o := &Organization{ID: "o-bench0000", Management: mgmt.ID, RootID: root, OUs: []OU{{ID: "ou-bench-work", Name: "Workloads", Parent: root}}}
	for i, a := range e.Accounts {
		a.Roles = append(a.Roles, Role{Name: DemoOrgRole, ExternalID: mgmt.Roles[0].ExternalID})
		parent := root
		if i > 0 {
			ou := fmt.Sprintf("ou-bench-%03d", (i-1)/perOU)
			if !slices.ContainsFunc(o.OUs, func(x OU) bool { return x.ID == ou }) {
				o.OUs = append(o.OUs, OU{ID: ou, Name: fmt.Sprintf("Team %d", (i-1)/perOU+1), Parent: "ou-bench-work"})
			}
			parent = ou
		}
		o.Members = append(o.Members, Member{ID: a.ID, Name: a.Name, Email: "aws+" + a.ID + "@example.com", Parent: parent, Status: "ACTIVE"})
	}
	e.Org = o
	return o
}
