// Approval workflows: which operations wait for approval, and the steps
// that approve them, to create, edit and delete. The API answers them all
// at once; the table finds and sorts them in the browser.

import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Workflow } from "../../api/types";
import { useApi } from "../../app/services";
import { ConfirmModal } from "../../components/ConfirmModal";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFlash } from "../../components/flash";
import { EmptyState } from "../../components/table";
import { formatDate } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { ACCESS_OPERATION, approverLabel, minutes, operationLabel } from "./describe";
import { useUserNames } from "./parts";
import { WorkflowModal } from "./WorkflowModal";
import { InfoLink } from "../../help/InfoLink";

export default function WorkflowList() {
  useBreadcrumbs([
    { text: "Approvals", href: "/approvals" },
    { text: "Workflows", href: "/approvals/workflows" },
  ]);
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ["approvals", "workflows"], queryFn: api.approvals.workflows });
  const users = useUserNames();
  const [editing, setEditing] = useState<Workflow | "new" | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const all = q.data?.workflows ?? [];
  const { items, collectionProps, filterProps, filteredItemsCount } = useCollection(all, {
    filtering: {
      filteringFunction: (w, text) => {
        const t = text.toLowerCase();
        return w.name.toLowerCase().includes(t) || w.operations.some((op) => op.includes(t) || operationLabel(op).toLowerCase().includes(t));
      },
      empty: <EmptyState title="No workflows" subtitle="No operation waits for approval. Access requests go to administrators." />,
      noMatch: <EmptyState title="No match" subtitle="No workflow matches the filter." />,
    },
    sorting: { defaultState: { sortingColumn: { sortingField: "name" } } },
  });
  const [selectedId, setSelectedId] = useState<string>();
  // The selected workflow as last read: an edit changes its version.
  const selected = all.find((w) => w.id === selectedId);
  const clearSelection = () => setSelectedId(undefined);
  const held = new Set(all.flatMap((w) => w.operations));
  const free = (q.data?.operations ?? []).filter((op) => !held.has(op));

  const remove = useApiMutation({
    mutationFn: (w: Workflow) => api.approvals.deleteWorkflow(w.id),
    errorHeader: "The workflow was not deleted",
    onSuccess: (_, w) => {
      flash.success(`Deleted workflow "${w.name}": its operations no longer wait for approval. Requests already made keep their steps.`);
      setConfirmDelete(false);
      clearSelection();
      void queryClient.invalidateQueries({ queryKey: ["approvals", "workflows"] });
    },
    onError: () => setConfirmDelete(false),
  });

  return (
    <>
      <Table<Workflow>
        {...collectionProps}
        variant="full-page"
        selectionType="single"
        selectedItems={selected ? [selected] : []}
        onSelectionChange={(e) => setSelectedId(e.detail.selectedItems[0]?.id)}
        trackBy="id"
        items={items}
        loading={q.isLoading}
        loadingText="Loading workflows"
        wrapLines
        empty={q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : undefined}
        ariaLabels={{
          selectionGroupLabel: "Workflow selection",
          itemSelectionLabel: (_, w) => `Select ${w.name}`,
          allItemsSelectionLabel: () => "Select all workflows",
          tableLabel: "Approval workflows",
        }}
        header={
          <Header
            variant="awsui-h1-sticky"
            info={<InfoLink topic="approval-workflows" />}
            counter={q.data ? `(${all.length})` : undefined}
            description={
              free.length > 0
                ? `Operations a workflow holds wait for its steps to approve them. Not held now: ${free.map(operationLabel).join(", ").toLowerCase()}.`
                : "Operations a workflow holds wait for its steps to approve them."
            }
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={!selected} onClick={() => setConfirmDelete(true)}>
                  Delete
                </Button>
                <Button disabled={!selected} onClick={() => selected && setEditing(selected)}>
                  Edit
                </Button>
                <Button variant="primary" disabled={!q.data} onClick={() => setEditing("new")}>
                  Create workflow
                </Button>
              </SpaceBetween>
            }
          >
            Approval workflows
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find workflows" filteringAriaLabel="Find workflows" countText={`${filteredItemsCount ?? 0} matches`} />}
        columnDefinitions={[
          { id: "name", header: "Name", cell: (w) => w.name, sortingField: "name", isRowHeader: true },
          {
            id: "operations",
            header: "Operations it holds",
            cell: (w) => (
              <SpaceBetween size="xxxs">
                {w.operations.map((op) => (
                  <span key={op}>
                    {operationLabel(op)} <Box variant="small">({op})</Box>
                  </span>
                ))}
              </SpaceBetween>
            ),
          },
          {
            id: "steps",
            header: "Steps",
            cell: (w) => (
              <ol style={{ margin: 0, paddingInlineStart: 20 }} aria-label={`Steps of ${w.name}`}>
                {[...w.steps]
                  .sort((a, b) => a.order - b.order)
                  .map((s) => (
                    <li key={s.order}>
                      {approverLabel(s, users)}, within {minutes(s.timeoutMinutes)}
                    </li>
                  ))}
              </ol>
            ),
          },
          { id: "updated", header: "Updated", cell: (w) => formatDate(w.updatedAt), sortingField: "updatedAt" },
        ]}
      />
      {q.data && (
        <WorkflowModal
          visible={editing !== null}
          workflow={editing === "new" || editing === null ? undefined : editing}
          operations={q.data.operations}
          workflows={all}
          onDismiss={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            clearSelection();
          }}
        />
      )}
      <ConfirmModal
        visible={confirmDelete}
        title="Delete workflow"
        confirmText="Delete"
        loading={remove.isPending}
        onConfirm={() => selected && remove.mutate(selected)}
        onDismiss={() => setConfirmDelete(false)}
      >
        <SpaceBetween size="xs">
          <Box>Delete the workflow "{selected?.name}"?</Box>
          <Box>
            {selected?.operations.includes(ACCESS_OPERATION)
              ? "Its operations run without approval from now on, and access requests go to administrators."
              : "Its operations run without approval from now on."}{" "}
            Requests already waiting keep their steps.
          </Box>
        </SpaceBetween>
      </ConfirmModal>
    </>
  );
}
