// Roles and permissions: for each role, the permission keys it holds
// (grouped by resource) and the UI resources it sees, from the catalog the
// API publishes. Saving sends the version the editor started from.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tabs from "@cloudscape-design/components/tabs";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../../api/errors";
import type { RolePermissions, RolesResponse } from "../../api/types";
import { useApi, useSessionState } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { useFlash } from "../../components/flash";
import { humanize, roleLabel } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { Loaded } from "../../components/Loading";

/** Groups "resource:operation" keys by their resource, in catalog order. */
export function groupByPrefix(keys: string[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const k of keys) {
    const i = k.indexOf(":");
    const g = i > 0 ? k.slice(0, i) : k;
    groups.set(g, [...(groups.get(g) ?? []), k]);
  }
  return [...groups];
}

export default function Roles() {
  useBreadcrumbs([{ text: "Roles and permissions", href: "/roles" }]);
  const api = useApi();
  const q = useQuery({ queryKey: ["roles"], queryFn: api.admin.roles });
  return (
    <ContentLayout header={<Header variant="h1" description="What each role may do through the API, and which menus and buttons it sees.">Roles and permissions</Header>}>
      <Loaded query={q} text="Loading roles">
        {(d) => (
          <Tabs
            ariaLabel="Roles"
            tabs={d.data.map((r) => ({
              id: r.role,
              label: roleLabel(r.role),
              content: <RoleEditor key={`${r.role}-${r.version}`} role={r} catalog={d.catalog} />,
            }))}
          />
        )}
      </Loaded>
    </ContentLayout>
  );
}

function RoleEditor({ role, catalog }: { role: RolePermissions; catalog: RolesResponse["catalog"] }) {
  const api = useApi();
  const flash = useFlash();
  const perms = usePermissions();
  const me = useSessionState()?.user;
  const queryClient = useQueryClient();
  const [permissions, setPermissions] = useState(() => new Set(role.permissions));
  const [ui, setUi] = useState(() => new Set(role.uiResources));
  const canEdit = perms.can("button:role-update");
  const dirty =
    permissions.size !== role.permissions.length ||
    ui.size !== role.uiResources.length ||
    role.permissions.some((p) => !permissions.has(p)) ||
    role.uiResources.some((u) => !ui.has(u));

  const save = useApiMutation({
    mutationFn: () => api.admin.updateRole({ role: role.role, permissions: [...permissions], uiResources: [...ui], version: role.version }),
    onSuccess: () => {
      flash.success(`${roleLabel(role.role)} saved. Signed-in users get the change when their permissions refresh.`);
      void queryClient.invalidateQueries({ queryKey: ["roles"] });
      void queryClient.invalidateQueries({ queryKey: ["permissions"] });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === "CONFLICT") void queryClient.invalidateQueries({ queryKey: ["roles"] });
    },
  });
  const toggle = (set: Set<string>, update: (s: Set<string>) => void, key: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(key);
    else next.delete(key);
    update(next);
  };
  const lockingOut = me?.role === role.role && (!ui.has("menu:roles") || !ui.has("button:role-update"));

  return (
    <SpaceBetween size="l">
      {lockingOut && (
        <Alert type="warning" header="You would lose access to this page">
          This is your own role: without menu:roles and button:role-update you cannot undo the change.
        </Alert>
      )}
      <Container
        header={
          <Header
            variant="h2"
            counter={`(${permissions.size}/${catalog.permissions.length})`}
            description="API permissions, checked by the authorizer and again by each handler."
            actions={
              canEdit && (
                <SpaceBetween direction="horizontal" size="xs">
                  <Button
                    disabled={!dirty}
                    onClick={() => {
                      setPermissions(new Set(role.permissions));
                      setUi(new Set(role.uiResources));
                    }}
                  >
                    Reset
                  </Button>
                  <Button variant="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()}>
                    Save {roleLabel(role.role).toLowerCase()}
                  </Button>
                </SpaceBetween>
              )
            }
          >
            Permissions
          </Header>
        }
      >
        <ColumnLayout columns={4} variant="text-grid">
          {groupByPrefix(catalog.permissions).map(([group, keys]) => (
            <fieldset key={group} style={{ border: 0, margin: 0, padding: 0 }}>
              <legend>
                <Box variant="awsui-key-label">{humanize(group)}</Box>
              </legend>
              {keys.map((k) => (
                <Checkbox key={k} checked={permissions.has(k)} disabled={!canEdit} onChange={(e) => toggle(permissions, setPermissions, k, e.detail.checked)}>
                  {k.slice(group.length + 1) || k}
                </Checkbox>
              ))}
            </fieldset>
          ))}
        </ColumnLayout>
      </Container>
      <Container header={<Header variant="h2" counter={`(${ui.size}/${catalog.uiResources.length})`} description="Menus and buttons the console shows this role.">UI resources</Header>}>
        <ColumnLayout columns={2} variant="text-grid">
          {groupByPrefix(catalog.uiResources).map(([group, keys]) => (
            <fieldset key={group} style={{ border: 0, margin: 0, padding: 0 }}>
              <legend>
                <Box variant="awsui-key-label">{group === "menu" ? "Menus" : group === "button" ? "Buttons" : humanize(group)}</Box>
              </legend>
              <ColumnLayout columns={2}>
                {keys.map((k) => (
                  <Checkbox key={k} checked={ui.has(k)} disabled={!canEdit} onChange={(e) => toggle(ui, setUi, k, e.detail.checked)}>
                    {k.slice(group.length + 1)}
                  </Checkbox>
                ))}
              </ColumnLayout>
            </fieldset>
          ))}
        </ColumnLayout>
      </Container>
    </SpaceBetween>
  );
}
