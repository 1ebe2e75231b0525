// Workspaces of the deployment, for platform administrators (workspaces:
// manage, honoured in the deployment's first workspace only): each
// workspace's name and age, the first one marked as the platform's; make
// one (its maker joins it as administrator and invites its people from
// there) or rename one. Names are any text, shown as text.

import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, fieldError } from "../../api/errors";
import type { Workspace } from "../../api/types";
import { useApi, useSessionState } from "../../app/services";
import { ModalFooter } from "../../components/Actions";
import { DialogError } from "../../components/DialogError";
import { useFlash } from "../../components/flash";
import { ListTable } from "../../components/ListTable";
import { formatDate } from "../../format";
import { isFieldError } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { InfoLink } from "../../help/InfoLink";

export const workspacesKey = ["workspaces"] as const;

/** Why a workspace name cannot be used, as the API would say it. */
export function workspaceNameProblem(name: string): string | undefined {
  const t = name.trim();
  if (!t) return "Enter a name.";
  if ([...t].length > 100) return "Use at most 100 characters.";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(t)) return "Use no control characters.";
  return undefined;
}

type Dialog = { kind: "create" } | { kind: "rename"; workspace: Workspace } | null;

export default function Workspaces() {
  useBreadcrumbs([{ text: "Workspaces", href: "/workspaces" }]);
  const api = useApi();
  const here = useSessionState()?.user.workspaceId;
  const q = useQuery({ queryKey: workspacesKey, queryFn: api.workspaces.list });
  const [selected, setSelected] = useState<Workspace[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const chosen = selected[0] && q.data?.data.find((w) => w.id === selected[0]?.id);
  return (
    <>
      <ListTable
        list={{ query: q, selected, setSelected }}
        variant="full-page"
        title="Workspaces"
        info={<InfoLink topic="workspaces" />}
        noun="workspaces"
        counter={q.data ? `(${q.data.data.length})` : undefined}
        description="Each workspace has its own people, roles, credentials, scans and reports. Whoever creates one becomes its administrator."
        selectionType="single"
        itemName={(w) => `workspace ${w.name}`}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button disabled={!chosen} onClick={() => chosen && setDialog({ kind: "rename", workspace: chosen })}>
              Rename
            </Button>
            <Button variant="primary" onClick={() => setDialog({ kind: "create" })}>
              Create workspace
            </Button>
          </SpaceBetween>
        }
        empty={{ title: "No workspaces" }}
        wrapLines
        columnDefinitions={[
          {
            id: "name",
            header: "Name",
            isRowHeader: true,
            cell: (w) => (
              <SpaceBetween direction="horizontal" size="xs" alignItems="center">
                <span>{w.name}</span>
                {w.id === q.data?.defaultWorkspaceId && <Badge color="blue">Platform workspace</Badge>}
                {w.id === here && <Badge>Current</Badge>}
              </SpaceBetween>
            ),
          },
          { id: "id", header: "ID", cell: (w) => <Box variant="code">{w.id}</Box> },
          { id: "created", header: "Created", cell: (w) => formatDate(w.createdAt) },
        ]}
      />
      {dialog && (
        <WorkspaceNameModal
          key={dialog.kind === "rename" ? `${dialog.workspace.id}-${dialog.workspace.version}` : "create"}
          workspace={dialog.kind === "rename" ? dialog.workspace : null}
          onDismiss={() => setDialog(null)}
        />
      )}
    </>
  );
}

/** Creating (workspace null) or renaming a workspace: its name, and the version read for a rename. */
function WorkspaceNameModal({ workspace, onDismiss }: { workspace: Workspace | null; onDismiss: () => void }) {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const [name, setName] = useState(workspace?.name ?? "");
  const [touched, setTouched] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      workspace
        ? api.workspaces.rename({ id: workspace.id, name: name.trim(), version: workspace.version })
        : api.workspaces.create({ name: name.trim() }),
    onSuccess: (w) => {
      flash.success(workspace ? `Workspace renamed to ${w.name}.` : `Workspace ${w.name} created. You are its administrator: choose it from the workspace menu at the top.`);
      void queryClient.invalidateQueries({ queryKey: workspacesKey });
      // The switcher lists the caller's memberships: a new workspace adds one, a rename changes a name.
      void queryClient.invalidateQueries({ queryKey: ["memberships"] });
      onDismiss();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === "CONFLICT") void queryClient.invalidateQueries({ queryKey: workspacesKey });
    },
  });
  const problem = workspaceNameProblem(name);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    setTouched(true);
    if (!problem) save.mutate();
  };
  const title = workspace ? "Rename workspace" : "Create workspace";
  return (
    <Modal
      visible
      header={title}
      closeAriaLabel="Close"
      onDismiss={onDismiss}
      footer={<ModalFooter submitText={workspace ? "Rename" : "Create workspace"} loading={save.isPending} onSubmit={() => submit()} onCancel={onDismiss} />}
    >
      <form onSubmit={submit} noValidate>
        <Form>
          <SpaceBetween size="m">
            <DialogError error={save.error && !isFieldError(save.error, ["name"]) ? save.error : undefined} />
            <FormField label="Name" constraintText="Up to 100 characters." errorText={(touched ? problem : undefined) ?? fieldError(save.error, "name")}>
              <Input value={name} onChange={(e) => setName(e.detail.value)} autoComplete={false} autoFocus />
            </FormField>
          </SpaceBetween>
        </Form>
      </form>
    </Modal>
  );
}
