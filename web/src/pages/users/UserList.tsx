// Users of the workspace: filter by role, status and name; create one.

import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../../app/services";
import { Can } from "../../auth/permissions";
import { ListTable } from "../../components/ListTable";
import { RouterLink } from "../../components/RouterLink";
import { USER_STATUSES, UserStatusIndicator } from "../../components/status";
import { FilterInput, FilterSelect } from "../../components/table";
import { formatDate, humanize, ROLES, roleLabel } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { CreateUserModal } from "./CreateUserModal";

const roleOptions = ROLES.map((r) => ({ value: r, label: roleLabel(r) }));
const statusOptions = USER_STATUSES.map((s) => ({ value: s, label: humanize(s) }));

export default function UserList() {
  useBreadcrumbs([{ text: "Users", href: "/users" }]);
  const api = useApi();
  const navigate = useNavigate();
  const users = usePagedList({ queryKey: ["users", "list"], state: useSearchState(["role", "status", "search"] as const), load: api.users.list });
  const [creating, setCreating] = useState(false);

  return (
    <>
      <ListTable
        list={users}
        variant="full-page"
        title="Users"
        noun="users"
        description="People who can sign in to this workspace."
        actions={
          <Can ui="button:user-create">
            <Button variant="primary" onClick={() => setCreating(true)}>
              Create user
            </Button>
          </Can>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <FilterInput state={users} name="search" placeholder="Find by username or email" label="Find users" />
            <FilterSelect state={users} name="role" any="Any role" options={roleOptions} label="Filter by role" />
            <FilterSelect state={users} name="status" any="Any status" options={statusOptions} label="Filter by status" />
          </SpaceBetween>
        }
        empty={{ title: "No users", subtitle: "No user matches these filters." }}
        columnDefinitions={[
          { id: "username", header: "Username", isRowHeader: true, cell: (u) => <RouterLink href={`/users/${u.id}`}>{u.username}</RouterLink> },
          { id: "email", header: "Email", cell: (u) => u.email },
          { id: "role", header: "Role", cell: (u) => roleLabel(u.role) },
          { id: "status", header: "Status", cell: (u) => <UserStatusIndicator status={u.status} /> },
          { id: "created", header: "Created", cell: (u) => formatDate(u.createdAt) },
        ]}
      />
      <CreateUserModal visible={creating} onDismiss={() => setCreating(false)} onCreated={(u) => {
        setCreating(false);
        navigate(`/users/${u.id}`);
      }} />
    </>
  );
}
