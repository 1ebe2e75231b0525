// Users of the workspace: filter by any role they hold, status (Locked
// included) and name; their roles (primary first), whether they must still
// change a temporary password, and last sign-in; create one. The Actions
// menu acts on the selected user: unlock one who is locked (or whom failed
// sign-ins keep out for a while), or reset their password.

import Button from "@cloudscape-design/components/button";
import ButtonDropdown, { type ButtonDropdownProps } from "@cloudscape-design/components/button-dropdown";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { User } from "../../api/types";
import { useNavigate } from "react-router";
import { useApi, useSessionState } from "../../app/services";
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
import { ResetPasswordModal } from "./ResetPasswordModal";
import { rolesOf, useRoleChoices } from "./roleChoices";
import { InfoLink } from "../../help/InfoLink";

const statusOptions = USER_STATUSES.map((s) => ({ value: s, label: humanize(s) }));

/** Whether an unlock would let the user in: locked by an admin, or kept out by failed sign-ins. */
const keptOut = (u: User) => u.status === "locked" || !!u.signInClosedUntil;

export default function UserList() {
  useBreadcrumbs([{ text: "Users", href: "/users" }]);
  const api = useApi();
  const perms = usePermissions();
  const navigate = useNavigate();
  const users = usePagedList({ queryKey: ["users", "list"], state: useSearchState(["role", "status", "search"] as const), load: api.users.list });
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User>();
  const roleOptions = useRoleChoices().options.map(({ value, label }) => ({ value, label }));
  const canUpdate = perms.can("button:user-update");
  // The selected row as the list shows it now: an action sends the version the API last answered.
  const chosen = users.selected[0] && (users.query.data?.data.find((u) => u.id === users.selected[0]?.id) ?? users.selected[0]);

  return (
    <>
      <ListTable
        list={users}
        variant="full-page"
        title="Users"
        info={<InfoLink topic="users" />}
        noun="users"
        description="People who can sign in to this workspace."
        selectionType={canUpdate ? "single" : undefined}
        itemName={(u) => u.username}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            {canUpdate && <UserActions selected={chosen} onReset={setResetting} />}
            <Can ui="button:user-create">
              <Button variant="primary" onClick={() => setCreating(true)}>
                Create user
              </Button>
            </Can>
          </SpaceBetween>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <FilterInput state={users} name="search" placeholder="Find by username or email" label="Find users" />
            <FilterSelect state={users} name="role" any="Any role" options={roleOptions} label="Filter by role" />
            <FilterSelect state={users} name="status" any="Any status" options={statusOptions} label="Filter by status" />
          </SpaceBetween>
        }
        empty={{ title: "No users", subtitle: "No user matches these filters." }}
        defaultColumns={{ wide: ["username", "email", "roles", "status", "lastLogin"], narrow: ["username", "roles", "status", "lastLogin"] }}
        columnDefinitions={[
          { id: "username", header: "Username", isRowHeader: true, cell: (u) => <RouterLink href={`/users/${u.id}`}>{u.username}</RouterLink> },
          { id: "email", header: "Email", cell: (u) => u.email },
          { id: "roles", header: "Roles", cell: (u) => rolesOf(u).map(roleLabel).join(", ") },
          { id: "status", header: "Status", cell: (u) => <UserState user={u} /> },
          { id: "lastLogin", header: "Last sign-in", cell: (u) => (u.lastLoginAt ? formatDate(u.lastLoginAt) : "Never") },
          { id: "created", header: "Created", cell: (u) => formatDate(u.createdAt) },
        ]}
      />
      <CreateUserModal
        visible={creating}
        onDismiss={() => setCreating(false)}
        onCreated={(u) => {
          setCreating(false);
          navigate(`/users/${u.id}`);
        }}
      />
      {resetting && <ResetPasswordModal user={resetting} visible onDismiss={() => setResetting(undefined)} />}
    </>
  );
}

/** A locked user reads Locked; one failed sign-ins keep out, until when; else the status (Force change password included). */
function UserState({ user }: { user: User }) {
  if (user.status !== "locked" && user.signInClosedUntil) return <SignInClosedIndicator until={user.signInClosedUntil} />;
  return <UserStatusIndicator status={user.status} passwordChangeRequired={user.passwordChangeRequired} />;
}

/** The Actions menu of the selected user; each item says why it is off. */
function UserActions({ selected, onReset }: { selected?: User; onReset: (u: User) => void }) {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const me = useSessionState()?.user;
  const unlock = useApiMutation({
    mutationFn: (u: User) => api.users.update({ id: u.id, version: u.version, status: "active" }),
    errorHeader: "The user could not be unlocked",
    onSuccess: (u) => {
      flash.success(`Unlocked ${u.username}: they can sign in again.`);
      void queryClient.invalidateQueries({ queryKey: ["users"] });
    },
  });
  const items: ButtonDropdownProps.Item[] = [
    {
      id: "unlock",
      text: "Unlock",
      disabled: !selected || !keptOut(selected),
      disabledReason: selected ? "Only a locked user, or one failed sign-ins keep out, needs unlocking." : undefined,
    },
    {
      id: "reset",
      text: "Reset password",
      disabled: !selected || selected.id === me?.id,
      disabledReason: selected ? "Change your own password on your account page." : undefined,
    },
  ];
  return (
    <ButtonDropdown
      items={items}
      disabled={!selected}
      disabledReason="Select a user first."
      loading={unlock.isPending}
      onItemClick={(e) => {
        if (!selected) return;
        if (e.detail.id === "unlock") unlock.mutate(selected);
        if (e.detail.id === "reset") onReset(selected);
      }}
    >
      Actions
    </ButtonDropdown>
  );
}
