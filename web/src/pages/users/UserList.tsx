// Users of the workspace: filter by any role they hold, status (Locked
// included) and name; their roles (primary first), whether they must still
// change a temporary password, and last sign-in; create one; unlock a
// locked user or open sign-in again for one failed attempts keep out.

import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { User } from "../../api/types";
import { useNavigate } from "react-router";
import { useApi } from "../../app/services";
import { Can, usePermissions } from "../../auth/permissions";
import { useFlash } from "../../components/flash";
import { ListTable } from "../../components/ListTable";
import { RouterLink } from "../../components/RouterLink";
import { SignInClosedIndicator, USER_STATUSES, UserStatusIndicator } from "../../components/status";
import { useApiMutation } from "../../hooks/useApiMutation";
import { FilterInput, FilterSelect } from "../../components/table";
import { formatDate, humanize, roleLabel } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { CreateUserModal } from "./CreateUserModal";
import { rolesOf, useRoleChoices } from "./roleChoices";

const statusOptions = USER_STATUSES.map((s) => ({ value: s, label: humanize(s) }));

export default function UserList() {
  useBreadcrumbs([{ text: "Users", href: "/users" }]);
  const api = useApi();
  const navigate = useNavigate();
  const users = usePagedList({ queryKey: ["users", "list"], state: useSearchState(["role", "status", "search"] as const), load: api.users.list });
  const [creating, setCreating] = useState(false);
  const roleOptions = useRoleChoices().options.map(({ value, label }) => ({ value, label }));

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
          { id: "roles", header: "Roles", cell: (u) => rolesOf(u).map(roleLabel).join(", ") },
          { id: "status", header: "Status", cell: (u) => <UserStatusCell user={u} /> },
          { id: "lastLogin", header: "Last sign-in", cell: (u) => (u.lastLoginAt ? formatDate(u.lastLoginAt) : "Never") },
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

function UserStatusCell({ user }: { user: User }) {
  const api = useApi();
  const flash = useFlash();
  const perms = usePermissions();
  const queryClient = useQueryClient();
  const locked = user.status === "locked";
  const open = useApiMutation({
    mutationFn: () => api.users.update({ id: user.id, version: user.version, status: "active" }),
    errorHeader: locked ? `${user.username} could not be unlocked` : `Sign-in of ${user.username} could not be opened`,
    onSuccess: (u) => {
      flash.success(locked ? `Unlocked ${u.username}: they can sign in again.` : `${u.username} can sign in again.`);
      void queryClient.invalidateQueries({ queryKey: ["users"] });
    },
  });
  if (!user.signInClosedUntil && !locked) return <UserStatusIndicator status={user.status} passwordChangeRequired={user.passwordChangeRequired} />;
  const action = locked ? "Unlock" : "Open sign-in";
  return (
    <SpaceBetween size="xxs">
      {locked ? <UserStatusIndicator status={user.status} /> : <SignInClosedIndicator until={user.signInClosedUntil ?? ""} />}
      {perms.can("button:user-update") && (
        <Button variant="inline-link" loading={open.isPending} ariaLabel={locked ? `Unlock ${user.username}` : `Open sign-in for ${user.username}`} onClick={() => open.mutate()}>
          {action}
        </Button>
      )}
    </SpaceBetween>
  );
}
