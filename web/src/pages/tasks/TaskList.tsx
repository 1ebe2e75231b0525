// The tasks table: filters by status, creator and date, server-side
// pagination, live progress while any listed task runs.

import Button from "@cloudscape-design/components/button";
import DateRangePicker, { type DateRangePickerProps } from "@cloudscape-design/components/date-range-picker";
import Header from "@cloudscape-design/components/header";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import Select, { type SelectProps } from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { Task } from "../../api/types";
import { useApi, useSessionState } from "../../app/services";
import { Can, usePermissions } from "../../auth/permissions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFlash } from "../../components/flash";
import { RouterLink } from "../../components/RouterLink";
import { isActive, TASK_STATUSES, TaskStatusIndicator } from "../../components/status";
import { counter, EmptyState, Pager, PAGE_SIZE, optionFor } from "../../components/table";
import { formatDate, humanize } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { rangeFromUrl, rangeToUrl } from "./dateRange";

const ANY = "";

export default function TaskList() {
  useBreadcrumbs([{ text: "Tasks", href: "/tasks" }]);
  const api = useApi();
  const navigate = useNavigate();
  const perms = usePermissions();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const me = useSessionState()?.user;
  const { values, page, set } = useSearchState(["status", "created_by", "from", "to"] as const);
  const [selected, setSelected] = useState<Task[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const query = {
    page,
    page_size: PAGE_SIZE,
    status: values.status || undefined,
    created_by: values.created_by || undefined,
    from: values.from || undefined,
    to: values.to || undefined,
  };
  const tasks = useQuery({
    queryKey: ["tasks", "list", query],
    queryFn: () => api.tasks.list(query),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.data.some((t) => isActive(t.status)) ? 3_000 : false),
  });
  const users = useQuery({
    queryKey: ["users", "options"],
    queryFn: () => api.users.list({ page_size: 100 }),
    enabled: perms.can("menu:users"),
    staleTime: 60_000,
  });

  const invalidate = () => queryClient.invalidateQueries({ queryKey: ["tasks"] });
  const cancel = useApiMutation({
    mutationFn: async (ts: Task[]) => Promise.all(ts.map((t) => api.tasks.cancel(t.id))),
    onSuccess: (ts) => {
      flash.success(`Cancelled ${ts.length} task(s).`);
      setSelected([]);
      void invalidate();
    },
  });
  const remove = useApiMutation({
    mutationFn: async (ts: Task[]) => Promise.all(ts.map((t) => api.tasks.remove(t.id))),
    onSuccess: (_, ts) => {
      flash.success(`Deleted ${ts.length} task(s).`);
      setSelected([]);
      setConfirmDelete(false);
      void invalidate();
    },
    onError: () => setConfirmDelete(false),
  });

  const statusOptions: SelectProps.Option[] = [
    { value: ANY, label: "Any status" },
    ...TASK_STATUSES.map((s) => ({ value: s, label: humanize(s) })),
  ];
  const creatorOptions: SelectProps.Option[] = [
    { value: ANY, label: "Anyone" },
    ...(me ? [{ value: me.id, label: "Me" }] : []),
    ...(users.data?.data ?? []).filter((u) => u.id !== me?.id).map((u) => ({ value: u.id, label: u.username })),
  ];
  const canCancel = selected.length > 0 && selected.every((t) => isActive(t.status));

  return (
    <>
      <Table
        variant="full-page"
        selectionType={perms.can("button:task-cancel") || perms.can("button:task-delete") ? "multi" : undefined}
        selectedItems={selected}
        onSelectionChange={(e) => setSelected(e.detail.selectedItems)}
        wrapLines
        trackBy="id"
        ariaLabels={{
          selectionGroupLabel: "Task selection",
          itemSelectionLabel: (_, t) => `Select ${t.name}`,
          allItemsSelectionLabel: () => "Select all tasks",
        }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={counter(tasks.data?.pagination)}
            description="Every scan task you may see, newest first."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void tasks.refetch()} loading={tasks.isFetching && !tasks.isLoading} />
                <Can ui="button:task-cancel">
                  <Button disabled={!canCancel} loading={cancel.isPending} onClick={() => cancel.mutate(selected)}>
                    Cancel
                  </Button>
                </Can>
                <Can ui="button:task-delete">
                  <Button disabled={selected.length === 0} onClick={() => setConfirmDelete(true)}>
                    Delete
                  </Button>
                </Can>
                <Can ui="button:task-create">
                  <Button variant="primary" onClick={() => navigate("/tasks/new")}>
                    New scan
                  </Button>
                </Can>
              </SpaceBetween>
            }
          >
            Tasks
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <Select
              selectedOption={optionFor(statusOptions, values.status)}
              options={statusOptions}
              onChange={(e) => set({ status: e.detail.selectedOption.value })}
              ariaLabel="Filter by status"
              inlineLabelText="Status"
            />
            <Select
              selectedOption={optionFor(creatorOptions, values.created_by)}
              options={creatorOptions}
              onChange={(e) => set({ created_by: e.detail.selectedOption.value })}
              ariaLabel="Filter by creator"
              inlineLabelText="Created by"
            />
            <DateRangePicker
              value={rangeFromUrl(values.from, values.to)}
              onChange={(e) => set(rangeToUrl(e.detail.value))}
              relativeOptions={relativeOptions}
              isValidRange={(r) => (r && r.type === "absolute" && (!r.startDate || !r.endDate) ? { valid: false, errorMessage: "Pick both dates." } : { valid: true })}
              placeholder="Created between"
              ariaLabel="Filter by creation date"
              i18nStrings={{ applyButtonLabel: "Apply", cancelButtonLabel: "Cancel", clearButtonLabel: "Clear" }}
              showClearButton
              absoluteFormat="long-localized"
            />
          </SpaceBetween>
        }
        pagination={<Pager info={tasks.data?.pagination} onChange={(p) => set({ page: p })} />}
        loading={tasks.isLoading}
        loadingText="Loading tasks"
        items={tasks.data?.data ?? []}
        empty={
          tasks.error ? (
            <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
          ) : (
            <EmptyState title="No tasks" subtitle="No task matches these filters." />
          )
        }
        columnDefinitions={[
          { id: "name", header: "Name", cell: (t) => <RouterLink href={`/tasks/${t.id}`}>{t.name}</RouterLink>, isRowHeader: true },
          { id: "status", header: "Status", cell: (t) => <TaskStatusIndicator status={t.status} /> },
          {
            id: "progress",
            header: "Progress",
            minWidth: 160,
            cell: (t) => <ProgressBar value={t.progress} ariaLabel={`Progress of ${t.name}`} additionalInfo={`${t.unitsDone}/${t.unitsTotal} units`} />,
          },
          { id: "accounts", header: "Accounts", cell: (t) => t.accounts.join(", ") || "-" },
          { id: "regions", header: "Regions", cell: (t) => (t.regions.length > 3 ? `${t.regions.length} regions` : t.regions.join(", ")) },
          { id: "client", header: "Client", cell: (t) => t.projectMetadata.clientName || "-" },
          { id: "createdBy", header: "Created by", cell: (t) => t.createdByName || t.createdBy },
          { id: "createdAt", header: "Created", cell: (t) => formatDate(t.createdAt) },
        ]}
      />
      <ConfirmModal
        visible={confirmDelete}
        title="Delete tasks"
        confirmText="Delete"
        loading={remove.isPending}
        onConfirm={() => remove.mutate(selected)}
        onDismiss={() => setConfirmDelete(false)}
      >
        Delete {selected.length} task(s) with their results and logs? Reports already built are kept.
      </ConfirmModal>
    </>
  );
}

const relativeOptions: DateRangePickerProps.RelativeOption[] = [
  { key: "last-1-day", amount: 1, unit: "day", type: "relative" },
  { key: "last-7-days", amount: 7, unit: "day", type: "relative" },
  { key: "last-30-days", amount: 30, unit: "day", type: "relative" },
];
