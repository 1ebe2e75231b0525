package awssim

import "time"

// DemoRegions returns the regions the demo accounts have resources in.
func DemoRegions() []string { return []string{"us-east-1", "eu-west-1", "ap-southeast-1"} }

// DemoDeniedService is the SDK service the demo's second account denies,
// so the demo shows an access_denied row in the coverage matrix.
const DemoDeniedService = "Lambda"

// Demo returns the simulated AWS of the local stack's demo account: two
// accounts ("demo-production", "demo-staging") in three regions with a few
// hundred resources, a little latency per call (median 15 ms), AWS's
// throttling limits enforced, and Lambda denied in the staging account.
// Each account has the role CloudCensusScanner; its ExternalId is in
// Estate().Accounts[i].Roles.
//
// Every region is a whole network for the report's diagram (genNetwork
// and TestDemoNetwork): the default VPC; two named VPCs, each with a
// public and a private subnet in two or three zones, an internet gateway
// the public route table sends 0.0.0.0/0 to, a NAT gateway per zone in
// the public subnet that the zone's private route table sends 0.0.0.0/0
// to, an S3 gateway endpoint on the private route tables and an
// interface endpoint in the private subnets; the two VPCs peered (routes
// through the pcx-), the first also peered with a shared-services VPC of
// another account; a virtual private gateway attached to the first VPC,
// with a VPN connection to the office's customer gateway. Instances run in
// public and private subnets, the internet-facing load balancers in the
// public ones, RDS, ElastiCache and EKS in the private ones.
func Demo() *Sim {
	e := Generate(2024, Size{Accounts: 2, Regions: DemoRegions(), Scale: 0.5})
	e.Accounts[0].Name, e.Accounts[1].Name = "demo-production", "demo-staging"
	e.Org = demoOrg(e)
	s := New(e, Options{Latency: LogNormal(15*time.Millisecond, 0.4), Limits: true, Seed: 2024})
	s.DenyService(e.Accounts[1].ID, DemoDeniedService)
	return s
}

// DemoOrgRole is the member role of the demo organization (what the role
// template's StackSets variant deploys).
const DemoOrgRole = "CloudCensusOrgScanner"

// Demo organization members that are not estate accounts: one suspended,
// one whose member role was never deployed (assuming it is denied).
const (
	DemoSuspendedAccount = "210000000001"
	DemoNoRoleAccount    = "210000000002"
)

// demoOrg makes the demo's first account the management account of an
// organization: Root, Workloads (Prod, Staging) and Security OUs, both
// estate accounts as members, a suspended member and one without the
// member role.
func demoOrg(e *Estate) *Organization {
	mgmt, staging := e.Accounts[0], e.Accounts[1]
	// The StackSets variant is made for the organization credential: its
	// members trust that credential's ExternalId (the management
	// account's scanner role's, in the demo).
	for _, a := range e.Accounts {
		a.Roles = append(a.Roles, Role{Name: DemoOrgRole, ExternalID: mgmt.Roles[0].ExternalID})
	}
	root := "r-demo"
	return &Organization{ID: "o-demo12345", Management: mgmt.ID, RootID: root,
		OUs: []OU{{ID: "ou-demo-work", Name: "Workloads", Parent: root}, {ID: "ou-demo-prod", Name: "Prod", Parent: "ou-demo-work"},
			{ID: "ou-demo-stag", Name: "Staging", Parent: "ou-demo-work"}, {ID: "ou-demo-sec", Name: "Security", Parent: root}},
		Members: []Member{
			{ID: mgmt.ID, Name: mgmt.Name, Email: "aws+production@example.com", Parent: root, Status: "ACTIVE"},
			{ID: staging.ID, Name: staging.Name, Email: "aws+staging@example.com", Parent: "ou-demo-stag", Status: "ACTIVE"},
			{ID: DemoSuspendedAccount, Name: "old-sandbox", Email: "aws+sandbox@example.com", Parent: "ou-demo-prod", Status: "SUSPENDED"},
			{ID: DemoNoRoleAccount, Name: "security-audit", Email: "aws+audit@example.com", Parent: "ou-demo-sec", Status: "ACTIVE"},
		}}
}
