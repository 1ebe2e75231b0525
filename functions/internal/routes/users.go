package routes

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/users"
)

var pageParams = []httpapi.Param{{Name: "page", Desc: "page number, from 1"}, {Name: "page_size", Desc: "1 to 100, default 20"}, {Name: "cursor", Desc: "next_cursor of the previous page"}}

var idParam = []httpapi.Param{{Name: "id", Required: true}}

func withPage(ps ...httpapi.Param) []httpapi.Param {
	return append(append([]httpapi.Param{}, pageParams...), ps...)
}

var userRoutes = []httpapi.Route{
	{Method: "GET", Path: "/api/users", Perm: authz.UsersRead, Function: FnUsers, Summary: "List users",
		Query: withPage(httpapi.Param{Name: "role"}, httpapi.Param{Name: "status"}, httpapi.Param{Name: "search"}), Reply: httpapi.List[domain.User]{}},
	{Method: "GET", Path: "/api/users/detail", Perm: authz.UsersRead, Function: FnUsers, Summary: "One user", Query: idParam, Reply: domain.User{}},
	{Method: "POST", Path: "/api/users/create", Perm: authz.UsersCreate, Function: FnUsers, Summary: "Create a user", Body: users.NewUser{}, Reply: domain.User{}, Status: 201},
	{Method: "POST", Path: "/api/users/update", Perm: authz.UsersUpdate, Function: FnUsers, Summary: "Change a user's email, role or status (active unlocks)", Body: users.Update{}, Reply: domain.User{}},
	{Method: "POST", Path: "/api/users/delete", Perm: authz.UsersDelete, Function: FnUsers, Summary: "Delete a user", Body: users.IDBody{}, Status: 204},
}
