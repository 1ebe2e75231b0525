// Roles and permissions: the workspace's roles, highest rank first, the
// three built-in ones and the custom ones its administrators made. A role
// opens in its editor page (read-only for the administrator role); custom
// roles are created from here and deleted once nobody holds them.

import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { RolePermissions } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { ModalFooter } from "../../components/Actions";
import { DialogError } from "../../components/DialogError";
import { useFlash } from "../../components/flash";
import { ListTable } from "../../components/ListTable";
import { RouterLink } from "../../components/RouterLink";
import { roleLabel } from "../../format";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { mayEdit } from "./RoleEditor";
import { InfoLink } from "../../help/InfoLink";

export default function Roles() {
  useBreadcrumbs([{ text: "Roles and permissions", href: "/roles" }]);
  const api = useApi();
  const perms = usePermissions();
  const q = useQuery({ queryKey: ["roles"], queryFn: api.admin.roles });
  const [selected, setSelected] = useState<RolePermissions[]>([]);
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState<RolePermissions | null>(null);
  const canUpdate = perms.can("button:role-update");
  const catalog = q.data?.catalog;
  const chosen = selected[0] && q.data?.data.find((r) => r.role === selected[0]?.role);

  return (
    <>
      <ListTable
        list={{ query: q, selected, setSelected }}
        variant="full-page"
        trackBy="role"
        title="Roles and permissions"
        info={<InfoLink topic="roles" />}
        noun="roles"
        counter={q.data ? `(${q.data.data.length})` : undefined}
        description="What each role may do. A person holds a primary role and any others; they may do what any of them allows."
        selectionType={canUpdate ? "single" : undefined}
        itemName={(r) => `role ${r.role}`}
        isItemDisabled={(r) => r.builtIn || !mayEdit(r, canUpdate, perms.rank)}
        actions={
          canUpdate && (
            <SpaceBetween direction="horizontal" size="xs">
              <Button disabled={!chosen || chosen.builtIn} onClick={() => chosen && setDeleting(chosen)}>
                Delete
              </Button>
              <Button variant="primary" onClick={() => navigate("/roles/new")}>
                Create role
              </Button>
            </SpaceBetween>
          )
        }
        empty={{ title: "No roles" }}
        wrapLines
        columnDefinitions={[
          {
            id: "name",
            header: "Name",
            isRowHeader: true,
            minWidth: 180,
            cell: (r) => (
              <div>
                <RouterLink href={`/roles/${encodeURIComponent(r.role)}`}>{roleLabel(r.role)}</RouterLink>
                <Box variant="small" color="text-body-secondary" display="block">
                  {r.role}
                </Box>
              </div>
            ),
          },
          { id: "description", header: "Description", cell: (r) => r.description || "-", minWidth: 320 },
          { id: "rank", header: "Rank", cell: (r) => r.rank, width: 90 },
          { id: "type", header: "Type", cell: (r) => (r.builtIn ? <Badge color="blue">Built-in</Badge> : "Custom"), width: 120 },
          {
            id: "permissions",
            header: "Permissions",
            width: 140,
            cell: (r) => (catalog ? `${r.permissions.length} of ${catalog.permissions.length}` : r.permissions.length),
          },
        ]}
      />
      {deleting && (
        <DeleteRoleModal
          role={deleting}
          onDismiss={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            setSelected([]);
          }}
        />
      )}
    </>
  );
}

/** Deleting asks first; a role someone still holds is refused with their names, shown here. */
function DeleteRoleModal({ role, onDismiss, onDeleted }: { role: RolePermissions; onDismiss: () => void; onDeleted: () => void }) {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.admin.deleteRole({ role: role.role, version: role.version }),
    onSuccess: () => {
      flash.success(`Role ${role.role} deleted.`);
      void queryClient.invalidateQueries({ queryKey: ["roles"] });
      onDeleted();
    },
  });
  return (
    <Modal
      visible
      header="Delete role"
      closeAriaLabel="Close"
      onDismiss={onDismiss}
      footer={<ModalFooter submitText="Delete" loading={remove.isPending} onSubmit={() => remove.mutate()} onCancel={onDismiss} />}
    >
      <SpaceBetween size="m">
        <Box variant="p">
          Delete the role <b>{role.role}</b>? A role can be deleted only once no user holds it and no invite names it.
        </Box>
        {/* A 409 here is mostly the role still in use: the API's message names who holds it. */}
        <DialogError error={remove.error} header="The role was not deleted" />
      </SpaceBetween>
    </Modal>
  );
}
