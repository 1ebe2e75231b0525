// The tasks table: filters by status, creator and date, server-side
// pagination, live progress while any listed task runs. Cancel and Delete
// follow one batch check of the page's rows: enabled only for rows the API
// would let them act on, saying why not otherwise.

import Button from "@cloudscape-design/components/button";
import DateRangePicker, { type DateRangePickerProps } from "@cloudscape-design/components/date-range-picker";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { useApi, useSessionState } from "../../app/services";
import { Can, usePermissions } from "../../auth/permissions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { ListTable } from "../../components/ListTable";
import { isActive, TASK_STATUSES, TaskStatusIndicator } from "../../components/status";
import { AccountValue } from "../../components/CopyValue";
import { FilterSelect, hasFilters, NoWrap, Truncated, TruncatedLink } from "../../components/table";
import { formatDate, humanize } from "../../format";
import { useAccountNames } from "../../hooks/useAccountNames";
import { useBulkAction } from "../../hooks/useBulkAction";
import { useResourceChecks } from "../../hooks/useResourceChecks";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { rangeFromUrl, rangeToUrl } from "./dateRange";
import { InfoLink } from "../../help/InfoLink";

export default function TaskList() {
  useBreadcrumbs([{ text: "Tasks", href: "/tasks" }]);
  const api = useApi();
  const navigate = useNavigate();
  const perms = usePermissions();
  const me = useSessionState()?.user;
  const tasks = usePagedList({
    queryKey: ["tasks", "list"],
    state: useSearchState(["status", "created_by", "from", "to"] as const),
    load: api.tasks.list,
    refetchInterval: (page) => (page?.data.some((t) => isActive(t.status)) ? 3_000 : false),
  });
  const { values, set, selected } = tasks;
  const accountName = useAccountNames();
  const users = useQuery({
    queryKey: ["users", "options"],
    queryFn: () => api.users.list({ page_size: 100 }),
    enabled: perms.can("menu:users"),
    staleTime: 60_000,
  });
  const cancel = useBulkAction(tasks, { run: (t) => api.tasks.cancel(t.id), done: (n) => `Cancelled ${n} task(s).`, invalidate: [["tasks"]] });
  const remove = useBulkAction(tasks, { run: (t) => api.tasks.remove(t.id), done: (n) => `Deleted ${n} task(s).`, invalidate: [["tasks"]] });

  const statusOptions = TASK_STATUSES.map((s) => ({ value: s, label: humanize(s) }));
  const creatorOptions = [
    ...(me ? [{ value: me.id, label: "Me" }] : []),
    ...(users.data?.data ?? []).filter((u) => u.id !== me?.id).map((u) => ({ value: u.id, label: u.username })),
  ];
  const selectable = perms.can("button:task-cancel") || perms.can("button:task-delete");
  const checks = useResourceChecks("task", (tasks.query.data?.data ?? []).map((t) => t.id), ["tasks:cancel", "tasks:delete"], selectable);
  const name = (t: { name: string }) => t.name;
  const ended = selected.find((t) => !isActive(t.status));
  const cancelState = ended
    ? { disabled: true, disabledReason: `"${ended.name}" has ended: only pending or running tasks can be cancelled.` }
    : checks.action(selected, "tasks:cancel", name);
  const deleteState = checks.action(selected, "tasks:delete", name);

  return (
    <>
      <ListTable
        list={tasks}
        variant="full-page"
        title="Tasks"
        info={<InfoLink topic="tasks" />}
        noun="tasks"
        selectionType={selectable ? "multi" : undefined}
        itemName={(t) => t.name}
        description="Every scan task you may see, newest first."
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void tasks.query.refetch()} loading={tasks.query.isFetching && !tasks.query.isLoading} />
            <Can ui="button:task-cancel">
              <Button {...cancelState} loading={cancel.isPending} onClick={cancel.run}>
                Cancel
              </Button>
            </Can>
            <Can ui="button:task-delete">
              <Button {...deleteState} onClick={remove.ask}>
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
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <FilterSelect state={tasks} name="status" any="Any status" options={statusOptions} label="Filter by status" inlineLabel="Status" />
            <FilterSelect state={tasks} name="created_by" any="Anyone" options={creatorOptions} label="Filter by creator" inlineLabel="Created by" />
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
        empty={{
          title: "No tasks yet",
          subtitle: "A task scans the accounts of your credentials and builds the report.",
          action: perms.can("button:task-create") ? <Button onClick={() => navigate("/tasks/new")}>Start scan</Button> : undefined,
        }}
        filters={{ active: hasFilters(values), clear: () => set({ status: undefined, created_by: undefined, from: undefined, to: undefined }) }}
        defaultColumns={{ wide: ["name", "status", "progress", "accounts", "regions", "createdAt"], narrow: ["name", "status", "progress", "regions", "createdAt"] }}
        columnDefinitions={[
          {
            id: "name",
            header: "Name",
            width: 200,
            minWidth: 120,
            isRowHeader: true,
            cell: (t) => (
              <TruncatedLink text={t.name} href={`/tasks/${t.id}`} />
            ),
          },
          { id: "status", header: "Status", width: 200, minWidth: 160, cell: (t) => <TaskStatusIndicator status={t.status} /> },
          {
            id: "progress",
            header: "Progress",
            width: 150,
            minWidth: 120,
            cell: (t) => <ProgressBar value={t.progress} ariaLabel={`Progress of ${t.name}`} additionalInfo={`${t.unitsDone}/${t.unitsTotal} units`} />,
          },
          {
            id: "accounts",
            header: "Accounts",
            width: 180,
            minWidth: 120,
            cell: (t) => {
              const [only] = t.accounts;
              if (!only) return "-";
              if (t.accounts.length === 1) return <AccountValue id={only} name={accountName(only, t.credentialIds)} truncate />;
              const all = t.accounts.map((a) => (accountName(a, t.credentialIds) ? `${accountName(a, t.credentialIds)} (${a})` : a)).join(", ");
              return <Truncated text={all}>{`${t.accounts.length} accounts`}</Truncated>;
            },
          },
          {
            id: "regions",
            header: "Regions",
            width: 110,
            minWidth: 100,
            cell: (t) => (t.regions.length > 2 ? <Truncated text={t.regions.join(", ")}>{`${t.regions.length} regions`}</Truncated> : <NoWrap>{t.regions.join(", ")}</NoWrap>),
          },
          { id: "client", header: "Client", width: 150, minWidth: 100, cell: (t) => <Truncated text={t.projectMetadata.clientName || "-"} /> },
          { id: "createdBy", header: "Created by", width: 140, minWidth: 100, cell: (t) => <Truncated text={t.createdByName || t.createdBy} /> },
          { id: "createdAt", header: "Created", minWidth: 200, cell: (t) => formatDate(t.createdAt) },
        ]}
      />
      <ConfirmModal {...remove.confirm} title="Delete tasks" confirmText="Delete" irreversible typeToConfirm="delete">
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
