package routes

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/credentials"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

var credentialRoutes = []httpapi.Route{
	{Method: "GET", Path: "/api/credentials", Perm: authz.CredentialsRead, Function: FnCredentials,
		Summary: "List the credentials the caller may see (a user: those assigned to it, masked)",
		Query: withPage(httpapi.Param{Name: "credentialType", Desc: "assume_role or access_key"},
			httpapi.Param{Name: "active", Desc: "true or false"}, httpapi.Param{Name: "accountId", Desc: "12 digits"}),
		Reply: httpapi.List[domain.PublicCredential]{}},
	{Method: "GET", Path: "/api/credentials/detail", Perm: authz.CredentialsRead, Function: FnCredentials,
		Summary: "One credential", Query: idParam, Reply: domain.PublicCredential{}},
	{Method: "POST", Path: "/api/credentials/create", Perm: authz.CredentialsCreate, Function: FnCredentials,
		Summary: "Create a credential (assume_role: an ExternalId is generated when none is given)",
		Body:    credentials.CreateBody{}, Reply: domain.PublicCredential{}, Status: 201},
	{Method: "POST", Path: "/api/credentials/update", Perm: authz.CredentialsUpdate, Function: FnCredentials,
		Summary: "Change a credential the caller manages; the secret only when a new one is given",
		Body:    credentials.UpdateBody{}, Reply: domain.PublicCredential{}},
	{Method: "POST", Path: "/api/credentials/delete", Perm: authz.CredentialsDelete, Function: FnCredentials,
		Summary: "Delete a credential (409 while a running task or an enabled schedule uses it)",
		Body:    credentials.IDBody{}, Status: 204},
	{Method: "POST", Path: "/api/credentials/validate", Perm: authz.CredentialsValidate, Function: FnCredentials,
		Summary: "Check a credential against AWS (STS GetCallerIdentity through the resolved credentials)",
		Body:    credentials.ValidateBody{}, Reply: domain.PublicCredential{}},
	{Method: "GET", Path: "/api/credentials/base-role", Perm: authz.BaseRoleRead, Function: FnCredentials,
		Summary: "The principal that assumes roles in target accounts", Reply: credentials.BaseRoleView{}},
	{Method: "POST", Path: "/api/credentials/base-role", Perm: authz.BaseRoleUpdate, Function: FnCredentials,
		Summary: "Set the base principal: the execution role, or a base access key",
		Body:    credentials.BaseRoleBody{}, Reply: credentials.BaseRoleView{}},
	{Method: "GET", Path: "/api/credentials/role-template", Perm: authz.CredentialsCreate, Function: FnCredentials,
		Summary: "CloudFormation template of the read-only scanner role, its StackSets variant and quick-create link",
		Query:   []httpapi.Param{{Name: "externalId", Desc: "the credential's ExternalId; a new one when absent"}},
		Reply:   credentials.RoleTemplate{}},
	{Method: "POST", Path: "/api/users/assign-credentials", Perm: authz.CredentialsAssign, Function: FnUsers,
		Summary: "Replace the set of credentials assigned to a user",
		Body:    credentials.AssignBody{}, Reply: credentials.Assignment{}},
	{Method: "GET", Path: "/api/users/credentials", Perm: authz.CredentialsRead, Function: FnUsers,
		Summary: "The credentials assigned to a user", Query: idParam, Reply: credentials.UserCredentials{}},
}
