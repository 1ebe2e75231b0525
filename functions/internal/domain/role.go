package domain

// RolePermissions is one role of one workspace: what it may do
// (permission keys, resource:operation), the console elements it sees
// (derived from the permissions), and its rank.
type RolePermissions struct {
	WorkspaceID string   `json:"-" dynamo:"workspaceId"`
	Role        Role     `json:"role" dynamo:"role"`
	Description string   `json:"description" dynamo:"description"`
	Rank        int      `json:"rank" dynamo:"rank"`
	BuiltIn     bool     `json:"builtIn" dynamo:"builtIn"`
	Permissions []string `json:"permissions" dynamo:"permissions"`
	UIResources []string `json:"uiResources" dynamo:"uiResources"`
	Stamp
}

// RankOf is the role's rank: the stored one, or a built-in role's own
// when a row seeded before ranks existed has none.
func (rp *RolePermissions) RankOf() int {
	if rp.Rank == 0 {
		return rp.Role.Rank()
	}
	return rp.Rank
}

// BuiltInDescriptions say what each built-in role is for.
var BuiltInDescriptions = map[Role]string{
	RoleAdmin:     "Administers the workspace: users, roles, invites, credentials, audit and every scan. Holds every permission.",
	RolePowerUser: "Manages AWS credentials and assigns them to users, runs and schedules scans, manages reports and templates.",
	RoleUser:      "Runs scans with the credentials assigned to them and works with their own scans and reports.",
}
