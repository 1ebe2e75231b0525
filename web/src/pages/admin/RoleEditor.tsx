// The role editor, a page of its own (the catalog is long): a role's name
// (when it is made), description, rank and its permissions in the
// catalog's plain-language groups, each with what it allows. The caller
// gives only permissions they hold and a rank up to their own, as the API
// requires; the administrator role is shown read-only, since it always
// holds every permission.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Checkbox from "@cloudscape-design/components/checkbox";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { ApiError, fieldError } from "../../api/errors";
import type { PermissionGroup, RolePermissions, RolesResponse } from "../../api/types";
import { useApi } from "../../app/services";
import { isPermissionKey, usePermissions } from "../../auth/permissions";
import { Actions } from "../../components/Actions";
import { DialogError } from "../../components/DialogError";
import { useFlash } from "../../components/flash";
import { Loaded, Loading } from "../../components/Loading";
import { RouterLink } from "../../components/RouterLink";
import { roleLabel } from "../../format";
import { isFieldError } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import {
  ALWAYS_HELD,
  createBody,
  descriptionProblem,
  groupState,
  MIN_RANK,
  nameProblem,
  newRoleForm,
  rankCeiling,
  rankProblem,
  roleFormOf,
  setGroup,
  setPermission,
  updateBody,
  type RoleForm,
} from "./roleForm";
import { InfoLink } from "../../help/InfoLink";

const FIELDS = ["name", "description", "rank", "permissions"] as const;

/** Whether the caller may change this role: not the administrator's, ranked no higher than their own. */
export function mayEdit(role: RolePermissions, canUpdate: boolean, callerRank: number): boolean {
  return canUpdate && role.role !== "admin" && role.rank <= callerRank;
}

/** /roles/new makes a role; /roles/:role opens one. */
export default function RoleEditorPage() {
  const { role: name } = useParams();
  const api = useApi();
  const perms = usePermissions();
  const q = useQuery({ queryKey: ["roles"], queryFn: api.admin.roles });
  const role = name ? q.data?.data.find((r) => r.role === name) : undefined;
  useBreadcrumbs([
    { text: "Roles and permissions", href: "/roles" },
    name ? { text: roleLabel(name), href: `/roles/${encodeURIComponent(name)}` } : { text: "Create role", href: "/roles/new" },
  ]);
  return (
    <Loaded query={q} text="Loading roles">
      {(d) =>
        // The rank bound and what may be given are the caller's: wait for them.
        !perms.loaded ? (
          <Loading text="Loading your permissions" />
        ) : name && !role ? (
          <Container header={<Header variant="h1">Role not found</Header>}>
            <Box>
              This workspace has no role named {name}. <RouterLink href="/roles">Back to the roles</RouterLink>
            </Box>
          </Container>
        ) : (
          <RoleEditor key={role ? role.role : "new"} role={role ?? null} catalog={d.catalog} />
        )
      }
    </Loaded>
  );
}

function RoleEditor({ role, catalog }: { role: RolePermissions | null; catalog: RolesResponse["catalog"] }) {
  const api = useApi();
  const flash = useFlash();
  const perms = usePermissions();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const ceiling = rankCeiling(perms.rank, catalog.maxRank);
  const [form, setForm] = useState<RoleForm>(() => (role ? roleFormOf(role) : newRoleForm(ceiling)));
  const [touched, setTouched] = useState(false);
  // After a stale save the role is read anew: the form shows it as it now is, the refusal stays above.
  const [readVersion, setReadVersion] = useState(role?.version);
  if (role && role.version !== readVersion) {
    setReadVersion(role.version);
    setForm(roleFormOf(role));
  }
  const creating = role === null;
  const isAdmin = role?.role === "admin";
  const readOnly = role !== null && !mayEdit(role, perms.can("button:role-update"), perms.rank);
  const label = role ? roleLabel(role.role) : "";
  const back = () => navigate("/roles");

  const save = useMutation({
    mutationFn: () => (role ? api.admin.updateRole(updateBody(role, form, catalog.groups)) : api.admin.createRole(createBody(form, catalog.groups))),
    onSuccess: (saved) => {
      flash.success(
        creating ? `Role ${saved.role} created.` : `${roleLabel(saved.role)} saved. Signed-in users get the change when their permissions refresh.`,
      );
      void queryClient.invalidateQueries({ queryKey: ["roles"] });
      void queryClient.invalidateQueries({ queryKey: ["permissions"] });
      back();
    },
    onError: (err) => {
      // A stale version: load the role as it is now, to redo the change on it.
      if (err instanceof ApiError && err.code === "CONFLICT") void queryClient.invalidateQueries({ queryKey: ["roles"] });
    },
  });

  const local = {
    name: creating ? nameProblem(form.name.trim()) : undefined,
    description: descriptionProblem(form.description.trim()),
    rank: creating || !role?.builtIn ? rankProblem(form.rank, ceiling) : undefined,
  };
  const err = (f: keyof typeof local) => (touched ? local[f] : undefined) ?? fieldError(save.error, f);
  const otherError = save.error && !isFieldError(save.error, FIELDS) ? save.error : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!readOnly && !Object.values(local).some(Boolean)) save.mutate();
  };
  const mayGive = (key: string) => isPermissionKey(key) && perms.has(key);

  return (
    <ContentLayout
      header={
        <Header variant="h1" info={<InfoLink topic="roles" />} description={creating ? "A role of this workspace: what the people who hold it may do." : role?.description}>
          {creating ? "Create role" : readOnly ? `Role ${label}` : `Edit role ${label}`}
        </Header>
      }
    >
      <form onSubmit={submit} noValidate>
        <Form
          actions={
            readOnly ? (
              <RouterLink href="/roles">Back to the roles</RouterLink>
            ) : (
              <Actions submitText={creating ? "Create role" : "Save role"} loading={save.isPending} onCancel={back} submitsForm />
            )
          }
        >
          <SpaceBetween size="l">
            {isAdmin && (
              <Alert type="info" header="The administrator role cannot be changed">
                It always holds every permission, so no change can lock the workspace out of its own administration. Make a custom role to give less.
              </Alert>
            )}
            {readOnly && !isAdmin && (
              <Alert type="info">
                {perms.can("button:role-update")
                  ? `This role ranks above your own (${perms.rank}): you may read it but not change it.`
                  : "You may read roles but not change them."}
              </Alert>
            )}
            <DialogError error={otherError} />
            <Container header={<Header variant="h2">Role</Header>}>
              <SpaceBetween size="m">
                {creating && (
                  <FormField label="Name" constraintText="2 to 40 lower-case letters, digits, dashes or underscores, starting with a letter. It cannot be changed later." errorText={err("name")}>
                    <Input value={form.name} onChange={(e) => setForm({ ...form, name: e.detail.value })} autoComplete={false} ariaRequired />
                  </FormField>
                )}
                <FormField label="Description" description="What the role is for, as people choosing it read it." errorText={err("description")}>
                  <Textarea value={form.description} onChange={(e) => setForm({ ...form, description: e.detail.value })} readOnly={readOnly} rows={2} />
                </FormField>
                <FormField
                  label="Rank"
                  description="A person may create, change and give only roles ranked no higher than their own highest role."
                  constraintText={
                    role?.builtIn
                      ? "A built-in role keeps its rank."
                      : `From ${MIN_RANK} to ${ceiling}, your own rank. Built-in roles: user 100, power user 200, administrator 300.`
                  }
                  errorText={err("rank")}
                >
                  <Input type="number" inputMode="numeric" value={form.rank} onChange={(e) => setForm({ ...form, rank: e.detail.value })} disabled={role?.builtIn} readOnly={readOnly} />
                </FormField>
              </SpaceBetween>
            </Container>
            <PermissionGroups
              groups={catalog.groups}
              held={form.permissions}
              readOnly={readOnly}
              mayGive={mayGive}
              error={fieldError(save.error, "permissions")}
              onChange={(permissions) => setForm({ ...form, permissions })}
            />
          </SpaceBetween>
        </Form>
      </form>
    </ContentLayout>
  );
}

function PermissionGroups({
  groups,
  held,
  readOnly,
  mayGive,
  error,
  onChange,
}: {
  groups: PermissionGroup[];
  held: Set<string>;
  readOnly: boolean;
  mayGive: (key: string) => boolean;
  error: string | undefined;
  onChange: (next: Set<string>) => void;
}) {
  const total = groups.reduce((n, g) => n + g.permissions.length, 0);
  const count = groups.reduce((n, g) => n + g.permissions.filter((p) => held.has(p.key)).length, 0);
  return (
    <SpaceBetween size="s">
      <Header variant="h2" counter={`(${count}/${total})`} description="What the role may do. The menus and buttons it sees follow from these.">
        Permissions
      </Header>
      {error && (
        <Box color="text-status-error" variant="p">
          {error}
        </Box>
      )}
      {groups.map((g) => (
        <PermissionGroupSection key={g.name} group={g} held={held} readOnly={readOnly} mayGive={mayGive} onChange={onChange} />
      ))}
    </SpaceBetween>
  );
}

function PermissionGroupSection({
  group,
  held,
  readOnly,
  mayGive,
  onChange,
}: {
  group: PermissionGroup;
  held: Set<string>;
  readOnly: boolean;
  mayGive: (key: string) => boolean;
  onChange: (next: Set<string>) => void;
}) {
  const state = groupState(group, held);
  const n = group.permissions.filter((p) => held.has(p.key)).length;
  const changeable = group.permissions.some((p) => p.key !== ALWAYS_HELD && mayGive(p.key));
  return (
    <ExpandableSection
      variant="container"
      headingTagOverride="h3"
      headerText={group.name}
      headerDescription={group.description}
      headerCounter={`(${n}/${group.permissions.length})`}
      headerActions={
        <Checkbox
          checked={state === "all"}
          indeterminate={state === "some"}
          disabled={readOnly || !changeable}
          ariaLabel={`Every permission in ${group.name}`}
          onChange={(e) => onChange(setGroup(held, group, e.detail.checked, mayGive))}
        >
          All
        </Checkbox>
      }
    >
      <SpaceBetween size="s">
        {group.permissions.map((p) => {
          const checked = held.has(p.key);
          const fixed = p.key === ALWAYS_HELD;
          const notHeld = !mayGive(p.key) && !checked;
          return (
            <Checkbox
              key={p.key}
              checked={checked}
              disabled={readOnly || fixed || notHeld}
              onChange={(e) => onChange(setPermission(held, p.key, e.detail.checked))}
              description={
                <>
                  {p.description}
                  {fixed && " Every role holds this."}
                  {notHeld && !readOnly && " You do not hold it, so you cannot give it."}
                  <Box variant="small" color="text-body-secondary" display="block">
                    {p.key}
                  </Box>
                </>
              }
            >
              {p.label}
            </Checkbox>
          );
        })}
      </SpaceBetween>
    </ExpandableSection>
  );
}
