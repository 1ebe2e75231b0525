// One user: roles (a primary one and others), status (with "Force change
// password" until a temporary password is replaced), email and last
// sign-in; unlock after failed sign-ins (a lock, or sign-in closed for a
// while), reset the password (the temporary one is shown once, to copy),
// delete, and the credentials assigned to them.

import Alert from "@cloudscape-design/components/alert";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Multiselect from "@cloudscape-design/components/multiselect";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { ApiError, fieldError, HeldForApproval } from "../../api/errors";
import type { Role, User, UserStatus } from "../../api/types";
import { useApi, useSessionState } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { ResetPasswordModal } from "./ResetPasswordModal";
import { useFlash } from "../../components/flash";
import { ListTable } from "../../components/ListTable";
import { SignInClosedIndicator, UserStatusIndicator, ValidationIndicator } from "../../components/status";
import { formatDate, humanize, roleLabel } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { emailProblem } from "../auth/passwords";
import { Loaded } from "../../components/Loading";
import { Actions } from "../../components/Actions";
import { RoleFields } from "./RoleFields";
import { rolesOf } from "./roleChoices";
import { InfoLink } from "../../help/InfoLink";

type UserPatch = { email?: string; role?: Role; roles?: Role[]; status?: UserStatus };

const sameRoles = (a: Role[], b: Role[]) => a.length === b.length && a.every((r) => b.includes(r));

export default function UserDetail() {
  const { id = "" } = useParams();
  const api = useApi();
  const q = useQuery({ queryKey: ["users", "detail", id], queryFn: () => api.users.detail(id) });
  useBreadcrumbs([
    { text: "Users", href: "/users" },
    { text: q.data?.username ?? id, href: `/users/${id}` },
  ]);
  return (
    <Loaded query={q} text="Loading user">
      {(d) => <UserView user={d} />}
    </Loaded>
  );
}

function useUserUpdate(user: User, onSaved?: () => void) {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  return useApiMutation({
    mutationFn: (patch: UserPatch) => api.users.update({ id: user.id, version: user.version, ...patch }),
    fields: ["email", "role", "roles", "status"],
    onSuccess: (u) => {
      queryClient.setQueryData(["users", "detail", u.id], u);
      void queryClient.invalidateQueries({ queryKey: ["users", "list"] });
      flash.success(`Saved ${u.username}.`);
      onSaved?.();
    },
    onError: (err) => {
      // A stale version: show the current state so the user can redo the change on it.
      if (err instanceof ApiError && err.code === "CONFLICT") void queryClient.invalidateQueries({ queryKey: ["users", "detail", user.id] });
      // A role raise a workflow holds: the flash links to the request; the form is done.
      if (err instanceof HeldForApproval) onSaved?.();
    },
  });
}

function UserView({ user }: { user: User }) {
  const api = useApi();
  const perms = usePermissions();
  const flash = useFlash();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useSessionState()?.user;
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [resetting, setResetting] = useState(false);
  const unlock = useUserUpdate(user);
  const remove = useApiMutation({
    mutationFn: () => api.users.remove(user.id),
    onSuccess: () => {
      flash.success(`Deleted ${user.username}.`);
      void queryClient.invalidateQueries({ queryKey: ["users"] });
      navigate("/users");
    },
    onError: () => setConfirm(false),
  });
  const self = me?.id === user.id;
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          info={<InfoLink topic="users" />}
          description={user.email}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              {perms.can("button:user-delete") && !self && <Button onClick={() => setConfirm(true)}>Delete</Button>}
              {perms.can("button:user-update") && !self && <Button onClick={() => setResetting(true)}>Reset password</Button>}
              {perms.can("button:user-update") && !editing && <Button onClick={() => setEditing(true)}>Edit</Button>}
            </SpaceBetween>
          }
        >
          {user.username}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {user.status === "locked" && (
          <Alert
            type="warning"
            header="This user is locked"
            action={
              perms.can("button:user-update") && (
                <Button loading={unlock.isPending} onClick={() => unlock.mutate({ status: "active" })}>
                  Unlock
                </Button>
              )
            }
          >
            Too many failed sign-ins locked the account. Unlocking lets the user sign in again.
          </Alert>
        )}
        {user.signInClosedUntil && user.status !== "locked" && (
          <Alert
            type="warning"
            header={<SignInClosedIndicator until={user.signInClosedUntil} />}
            action={
              perms.can("button:user-update") && (
                <Button loading={unlock.isPending} onClick={() => unlock.mutate({ status: "active" })}>
                  Open sign-in
                </Button>
              )
            }
          >
            Failed sign-ins keep this user out until then. Opening sign-in lets them try again now.
          </Alert>
        )}
        {editing ? (
          <EditUser user={user} self={self} onDone={() => setEditing(false)} />
        ) : (
          <Container header={<Header variant="h2">Details</Header>}>
            <KeyValuePairs
              columns={4}
              items={[
                { label: "Primary role", value: roleLabel(user.role) },
                { label: "Other roles", value: rolesOf(user).slice(1).map(roleLabel).join(", ") || "None" },
                {
                  label: "Status",
                  value: (
                    <SpaceBetween size="xxs">
                      <UserStatusIndicator status={user.status} passwordChangeRequired={user.passwordChangeRequired} />
                      {user.signInClosedUntil && <SignInClosedIndicator until={user.signInClosedUntil} />}
                    </SpaceBetween>
                  ),
                },
                { label: "Email", value: user.email },
                { label: "Last sign-in", value: user.lastLoginAt ? formatDate(user.lastLoginAt) : "Never" },
                { label: "Created", value: formatDate(user.createdAt) },
                { label: "Updated", value: formatDate(user.updatedAt) },
              ]}
            />
          </Container>
        )}
        <AssignedCredentials user={user} />
      </SpaceBetween>
      <ResetPasswordModal user={user} visible={resetting} onDismiss={() => setResetting(false)} />
      <ConfirmModal visible={confirm} title="Delete user" confirmText="Delete" loading={remove.isPending} onConfirm={() => remove.mutate()} onDismiss={() => setConfirm(false)}>
        Delete {user.username}? They can no longer sign in; their tasks and reports stay.
      </ConfirmModal>
    </ContentLayout>
  );
}

function EditUser({ user, self, onDone }: { user: User; self: boolean; onDone: () => void }) {
  const [email, setEmail] = useState(user.email);
  const [roles, setRoles] = useState({ role: user.role, roles: rolesOf(user).slice(1) });
  const [status, setStatus] = useState<UserStatus>(user.status);
  const [touched, setTouched] = useState(false);
  const save = useUserUpdate(user, onDone);
  const emailErr = emailProblem(email);
  // "locked" is set by the system after failed sign-ins, not chosen here.
  const statusOptions = (["active", "inactive"] as UserStatus[]).map((s) => ({ value: s, label: humanize(s) }));
  const submit = () => {
    setTouched(true);
    if (emailErr) return;
    const patch: UserPatch = {};
    if (email.trim() !== user.email) patch.email = email.trim();
    if (roles.role !== user.role) patch.role = roles.role;
    if (!sameRoles(roles.roles, rolesOf(user).slice(1))) patch.roles = roles.roles;
    if (status !== user.status) patch.status = status;
    if (Object.keys(patch).length === 0) return onDone();
    save.mutate(patch);
  };
  return (
    <Form
      actions={<Actions submitText="Save" loading={save.isPending} onSubmit={submit} onCancel={onDone} />}
    >
      <Container header={<Header variant="h2">Edit user</Header>}>
        <SpaceBetween size="m">
          <FormField label="Email" errorText={(touched ? emailErr : undefined) ?? fieldError(save.error, "email")}>
            <Input type="email" value={email} onChange={(e) => setEmail(e.detail.value)} />
          </FormField>
          <RoleFields
            role={roles.role}
            roles={roles.roles}
            onChange={setRoles}
            disabled={self}
            description={self ? "You cannot change your own roles." : undefined}
            roleError={fieldError(save.error, "role")}
            rolesError={fieldError(save.error, "roles")}
          />
          <FormField label="Status" errorText={fieldError(save.error, "status")}>
            <Select
              selectedOption={statusOptions.find((o) => o.value === status) ?? { value: status, label: humanize(status) }}
              options={statusOptions}
              onChange={(e) => setStatus(e.detail.selectedOption.value as UserStatus)}
              disabled={self}
              ariaLabel="Status"
            />
          </FormField>
        </SpaceBetween>
      </Container>
    </Form>
  );
}

function AssignedCredentials({ user }: { user: User }) {
  const api = useApi();
  const perms = usePermissions();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const assigned = useQuery({ queryKey: ["users", "credentials", user.id], queryFn: () => api.users.credentials(user.id) });
  const all = useQuery({
    queryKey: ["credentials", "options"],
    queryFn: () => api.credentials.list({ page_size: 100 }),
    enabled: editing,
  });
  const save = useApiMutation({
    mutationFn: () => api.users.assignCredentials({ userId: user.id, credentialIds: chosen }),
    onSuccess: () => {
      flash.success(`Credentials of ${user.username} saved.`);
      void queryClient.invalidateQueries({ queryKey: ["users", "credentials", user.id] });
      setEditing(false);
    },
  });
  const options = (all.data?.data ?? []).map((c) => ({ value: c.id, label: c.name, description: c.accountId }));
  const canAssign = perms.can("button:user-assign") && !rolesOf(user).includes("admin");
  return (
    <ListTable
      list={{ query: assigned }}
      variant="container"
      title="Assigned credentials"
      noun="credentials"
      counter={assigned.data ? `(${assigned.data.credentialIds.length})` : undefined}
      description={rolesOf(user).includes("admin") ? "Administrators may use every credential." : "The credentials this user may scan with."}
      actions={
        canAssign &&
        !editing && (
          <Button
            onClick={() => {
              setChosen(assigned.data?.credentialIds ?? []);
              setEditing(true);
            }}
          >
            Assign credentials
          </Button>
        )
      }
      filter={
        editing ? (
          <SpaceBetween direction="horizontal" size="xs">
            <Multiselect
              selectedOptions={options.filter((o) => chosen.includes(o.value))}
              options={options}
              onChange={(e) => setChosen(e.detail.selectedOptions.map((o) => o.value ?? "").filter(Boolean))}
              statusType={all.isLoading ? "loading" : "finished"}
              loadingText="Loading credentials"
              filteringType="auto"
              placeholder="Choose credentials"
              ariaLabel="Credentials to assign"
              tokenLimit={4}
            />
            <Button variant="link" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            <Button variant="primary" loading={save.isPending} onClick={() => save.mutate()}>
              Save
            </Button>
          </SpaceBetween>
        ) : undefined
      }
      empty={{ title: "No credentials assigned" }}
      columnDefinitions={[
        { id: "name", header: "Name", cell: (c) => c.name, isRowHeader: true },
        { id: "account", header: "Account", cell: (c) => c.accountId },
        { id: "type", header: "Type", cell: (c) => humanize(c.credentialType) },
        { id: "validation", header: "Validation", cell: (c) => <ValidationIndicator validation={c.validation} /> },
      ]}
    />
  );
}
