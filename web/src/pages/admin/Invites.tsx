// Invites: codes that let people sign up with a given role. The code is
// shown once, right after it is made.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fieldError } from "../../api/errors";
import type { CreatedInvite, Role } from "../../api/types";
import { useApi } from "../../app/services";
import { Can, usePermissions } from "../../auth/permissions";
import { ModalFooter } from "../../components/Actions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { ListTable } from "../../components/ListTable";
import { formatDate, roleLabel } from "../../format";
import { useRoleChoices } from "../users/roleChoices";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBulkAction } from "../../hooks/useBulkAction";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { InfoLink } from "../../help/InfoLink";

export default function Invites() {
  useBreadcrumbs([{ text: "Invites", href: "/invites" }]);
  const api = useApi();
  const perms = usePermissions();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const invites = usePagedList({ queryKey: ["invites"], state: useSearchState([]), load: api.admin.invites });
  const remove = useBulkAction(invites, { run: (i) => api.admin.deleteInvite(i.id), done: (n) => `Revoked ${n} invite(s).`, invalidate: [["invites"]] });
  return (
    <>
      <ListTable
        list={invites}
        variant="full-page"
        title="Invites"
        info={<InfoLink topic="invites" />}
        noun="invites"
        selectionType={perms.can("button:invite-create") ? "multi" : undefined}
        itemName={(i) => `invite ${i.id}`}
        description="Share an invite code so people can create their own account with a given role."
        actions={
          <Can ui="button:invite-create">
            <SpaceBetween direction="horizontal" size="xs">
              <Button disabled={invites.selected.length === 0} onClick={remove.ask}>
                Revoke
              </Button>
              <Button variant="primary" onClick={() => setCreating(true)}>
                Create invite
              </Button>
            </SpaceBetween>
          </Can>
        }
        empty={{ title: "No invites" }}
        columnDefinitions={[
          { id: "id", header: "Invite", cell: (i) => i.id, isRowHeader: true },
          { id: "role", header: "Role", cell: (i) => roleLabel(i.role) },
          { id: "uses", header: "Uses", cell: (i) => `${i.uses} of ${i.maxUses}` },
          { id: "expires", header: "Expires", cell: (i) => formatDate(i.expiresAt) },
          { id: "created", header: "Created", cell: (i) => formatDate(i.createdAt) },
        ]}
      />
      <CreateInviteModal
        visible={creating}
        onDismiss={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          setCreated(c);
        }}
      />
      <CodeModal created={created} onDismiss={() => setCreated(null)} />
      <ConfirmModal {...remove.confirm} title="Revoke invites" confirmText="Revoke">
        Revoke {invites.selected.length} invite(s)? Their codes stop working; accounts already made stay.
      </ConfirmModal>
    </>
  );
}

function CreateInviteModal({ visible, onDismiss, onCreated }: { visible: boolean; onDismiss: () => void; onCreated: (c: CreatedInvite) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>("user");
  const [hours, setHours] = useState("72");
  const [uses, setUses] = useState("1");
  const [touched, setTouched] = useState(false);
  const create = useApiMutation({
    mutationFn: () => api.admin.createInvite({ role, expiresInHours: Number(hours), maxUses: Number(uses) }),
    fields: ["role", "expiresInHours", "maxUses"],
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: ["invites"] });
      setTouched(false);
      onCreated(c);
    },
  });
  const hoursErr = /^\d+$/.test(hours) && Number(hours) >= 1 && Number(hours) <= 720 ? undefined : "Between 1 and 720 hours.";
  const usesErr = /^\d+$/.test(uses) && Number(uses) >= 1 && Number(uses) <= 1000 ? undefined : "Between 1 and 1000 uses.";
  // The workspace's roles, custom ones too; those ranked above the
  // caller's own are offered disabled (the API would refuse them).
  const { options: roleOptions } = useRoleChoices();
  return (
    <Modal
      visible={visible}
      onDismiss={onDismiss}
      header="Create invite"
      closeAriaLabel="Close"
      footer={
        <ModalFooter
          submitText="Create invite"
          loading={create.isPending}
          onCancel={onDismiss}
          onSubmit={() => {
                setTouched(true);
                if (!hoursErr && !usesErr) create.mutate();
          }}
        />
      }
    >
      <SpaceBetween size="m">
        <FormField label="Role granted" errorText={fieldError(create.error, "role")}>
          <Select selectedOption={roleOptions.find((o) => o.value === role) ?? null} options={roleOptions} onChange={(e) => setRole(e.detail.selectedOption.value as Role)} ariaLabel="Role granted" />
        </FormField>
        <FormField label="Expires after (hours)" errorText={(touched ? hoursErr : undefined) ?? fieldError(create.error, "expiresInHours")}>
          <Input type="number" value={hours} onChange={(e) => setHours(e.detail.value)} />
        </FormField>
        <FormField label="Maximum uses" errorText={(touched ? usesErr : undefined) ?? fieldError(create.error, "maxUses")}>
          <Input type="number" value={uses} onChange={(e) => setUses(e.detail.value)} />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}

function CodeModal({ created, onDismiss }: { created: CreatedInvite | null; onDismiss: () => void }) {
  const link = created ? `${window.location.origin}/signup?code=${encodeURIComponent(created.code)}` : "";
  return (
    <Modal visible={created !== null} onDismiss={onDismiss} header="Invite created" closeAriaLabel="Close" footer={<Box float="right"><Button variant="primary" onClick={onDismiss}>Done</Button></Box>}>
      {created && (
        <SpaceBetween size="m">
          <Alert type="warning">This is the only time the code is shown. Copy it now.</Alert>
          <FormField label="Invite code">
            <CopyToClipboard variant="inline" copyButtonAriaLabel="Copy invite code" textToCopy={created.code} copySuccessText="Code copied" copyErrorText="Could not copy" />
          </FormField>
          <FormField label="Sign-up link">
            <CopyToClipboard variant="inline" copyButtonAriaLabel="Copy sign-up link" textToCopy={link} copySuccessText="Link copied" copyErrorText="Could not copy" />
          </FormField>
          <Box variant="small">
            Grants the {roleLabel(created.invite.role)} role{created.invite.expiresAt ? `, valid until ${formatDate(created.invite.expiresAt)}` : ""}.
          </Box>
        </SpaceBetween>
      )}
    </Modal>
  );
}
