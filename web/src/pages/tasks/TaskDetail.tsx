// One task: overall and per-unit progress (polled while it runs), the
// coverage matrix, its logs, and the actions on it: cancel and delete in
// one Actions menu (each always in its place, disabled with a reason when
// it does not apply; a delete is typed out), download or rebuild the
// report, export the inventory (both background jobs, followed by
// JobsProvider), and how long the scan results are kept.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import Tabs from "@cloudscape-design/components/tabs";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useLocation, useNavigate, useParams } from "react-router";
import type { TaskDetail as Detail, ExportFormat, OrgAccount, TaskUnit } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { AccountValue, CopyValue } from "../../components/CopyValue";
import { useFlash } from "../../components/flash";
import { isActive, Status, TaskStatusIndicator, unitKind } from "../../components/status";
import { NoWrap, Truncated } from "../../components/table";
import { formatDate, formatDuration } from "../../format";
import { useAccountNames, type AccountNamer } from "../../hooks/useAccountNames";
import { NARROW_QUERY, useMediaQuery } from "../../hooks/useMediaQuery";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBackgroundJob } from "../../hooks/useBackgroundJob";
import { useReportDownload } from "../../hooks/useReportDownload";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { CoverageGrid } from "./CoverageGrid";
import { coverageLook } from "./coverageStatus";
import { NetworkDiagrams } from "./NetworkDiagrams";
import { TaskLogs } from "./TaskLogs";
import { TaskExclusions, TaskMembers } from "./TaskScope";
import { InfoLink } from "../../help/InfoLink";
import { OutcomeBanner } from "./OutcomeBanner";
import { coverageOf, coverageTotals, isGlobalUnit, unitProgress, unitStatus } from "./taskUnits";
import { Loaded } from "../../components/Loading";
import { RouterLink } from "../../components/RouterLink";

const POLL_MS = 2_000;

/** The accounts the summary names; an organization's others are in the units. */
const SHOWN_ACCOUNTS = 5;

const REPORT_WAIT_MS = 10 * 60_000;

/** A task changes while it runs, and after it completes until its report is built or has failed (for a while). */
export function stillChanging(t: Pick<Detail, "status" | "reportId" | "reportError" | "completedAt">, now = Date.now()): boolean {
  if (isActive(t.status)) return true;
  const done = t.status === "completed" || t.status === "partially_completed";
  const recent = !t.completedAt || now - Date.parse(t.completedAt) < REPORT_WAIT_MS;
  return done && !t.reportId && !t.reportError && recent;
}

export default function TaskDetail() {
  const { id = "" } = useParams();
  const api = useApi();
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: ["tasks", "detail", id],
    queryFn: () => api.tasks.detail(id),
    refetchInterval: (query) => (query.state.data && stillChanging(query.state.data) ? POLL_MS : false),
  });
  useBreadcrumbs([
    { text: "Tasks", href: "/tasks" },
    { text: q.data?.name ?? id, href: `/tasks/${id}` },
  ]);

  // When the task finishes, lists and the report that was just built are stale.
  const wasActive = useRef<boolean | undefined>(undefined);
  const active = q.data ? isActive(q.data.status) : undefined;
  useEffect(() => {
    if (wasActive.current === true && active === false) {
      void queryClient.invalidateQueries({ queryKey: ["reports"] });
      void queryClient.invalidateQueries({ queryKey: ["tasks", "list"] });
    }
    wasActive.current = active;
  }, [active, queryClient]);

  return (
    <Loaded query={q} text="Loading task">
      {(d) => <TaskView task={d} />}
    </Loaded>
  );
}

/** What the wizard leaves in the navigation state: the id of its "started" flash, dismissed when the scan ends. */
export interface StartedState {
  startedFlash?: string;
}

function TaskView({ task }: { task: Detail }) {
  const api = useApi();
  const perms = usePermissions();
  const flash = useFlash();
  const navigate = useNavigate();
  const location = useLocation();
  const accountName = useAccountNames();
  // The members of an organization are named by the organization itself.
  const memberNames = new Map((task.members ?? []).map((a) => [a.id, a.name] as const));
  const nameOf: AccountNamer = (id) => memberNames.get(id) ?? accountName(id, task.credentialIds);
  // Flashes that announce work on this task ("started", "cancelling") go when it ends.
  const announced = useRef<string[]>([]);
  const startedFlash = (location.state as StartedState | null)?.startedFlash;
  const queryClient = useQueryClient();
  const download = useReportDownload();
  const [confirm, setConfirm] = useState<"cancel" | "delete" | null>(null);
  const active = isActive(task.status);
  const done = task.status === "completed" || task.status === "partially_completed";
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["tasks"] });
  useEffect(() => {
    if (active) return;
    for (const id of [...announced.current, ...(startedFlash ? [startedFlash] : [])]) flash.dismiss(id);
    announced.current = [];
  }, [active, startedFlash, flash]);

  const cancel = useApiMutation({
    mutationFn: () => api.tasks.cancel(task.id),
    onSuccess: () => {
      announced.current.push(flash.success(`Cancelling "${task.name}".`));
      setConfirm(null);
      void refresh();
    },
    onError: () => setConfirm(null),
  });
  const remove = useApiMutation({
    mutationFn: () => api.tasks.remove(task.id),
    onSuccess: () => {
      flash.success(`Deleted "${task.name}".`);
      void refresh();
      navigate("/tasks");
    },
    onError: () => setConfirm(null),
  });
  const rebuild = useBackgroundJob({ start: () => api.reports.rebuild(task.id), errorHeader: "The rebuild could not start" });
  const exportFile = useBackgroundJob({
    start: (format: ExportFormat) => api.tasks.exportInventory(task.id, format),
    errorHeader: "The export could not start",
  });
  const mine = rebuild.active.filter((j) => j.params.taskId === task.id);
  const rebuilding = rebuild.isStarting || mine.some((j) => j.kind === "report_rebuild");
  const exporting = exportFile.isStarting || mine.some((j) => j.kind === "inventory_export");
  // The scan results feed exports and rebuilds; once they expire only the built report is left.
  const expired = task.resultsExpired === true;
  const expiredReason = `The scan results were deleted${task.resultsExpireAt ? ` on ${formatDate(task.resultsExpireAt)}` : ""}; the report stays downloadable.`;

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          info={<InfoLink topic="task" />}
          description={`${task.projectMetadata.clientName} / ${task.projectMetadata.projectName}`}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              {(perms.can("button:task-cancel") || perms.can("button:task-delete")) && (
                <ButtonDropdown
                  items={[
                    ...(perms.can("button:task-cancel")
                      ? [{ id: "cancel", text: "Cancel scan", disabled: !active, disabledReason: "The scan has ended: only a pending or running scan can be cancelled." }]
                      : []),
                    ...(perms.can("button:task-delete")
                      ? [{ id: "delete", text: "Delete", disabled: active, disabledReason: "The scan is still running: cancel it first, or wait for it to end." }]
                      : []),
                  ]}
                  onItemClick={(e) => setConfirm(e.detail.id as "cancel" | "delete")}
                >
                  Actions
                </ButtonDropdown>
              )}
              <ButtonDropdown
                items={[
                  ...(perms.has("tasks:export")
                    ? [
                        { id: "json", text: "Inventory as JSON", disabled: expired, disabledReason: expired ? expiredReason : undefined },
                        { id: "csv", text: "Inventory as CSV", disabled: expired, disabledReason: expired ? expiredReason : undefined },
                        { id: "xlsx", text: "Excel workbook (.xlsx)", disabled: expired, disabledReason: expired ? expiredReason : undefined },
                      ]
                    : []),
                  ...(done && perms.has("reports:rebuild")
                    ? [{ id: "rebuild", text: "Rebuild report", disabled: expired || rebuilding, disabledReason: expired ? expiredReason : rebuilding ? "A rebuild is running." : undefined }]
                    : []),
                ]}
                disabled={active || !(perms.has("tasks:export") || perms.has("reports:rebuild"))}
                loading={exporting || rebuilding}
                onItemClick={(e) => (e.detail.id === "rebuild" ? rebuild.start() : exportFile.start(e.detail.id as ExportFormat))}
              >
                Export
              </ButtonDropdown>
              <Button
                variant="primary"
                iconName="download"
                disabled={!task.reportId}
                loading={download.isPending}
                onClick={() => task.reportId && download.mutate(task.reportId)}
              >
                Download report
              </Button>
            </SpaceBetween>
          }
        >
          {task.name}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <OutcomeBanner task={task} nameOf={nameOf} />
        {task.reportError && (
          <Alert
            type="warning"
            header="The report could not be built"
            action={
              done && perms.has("reports:rebuild") ? (
                <Button loading={rebuilding} disabled={expired} disabledReason={expired ? expiredReason : undefined} onClick={() => rebuild.start()}>
                  Rebuild report
                </Button>
              ) : undefined
            }
          >
            {task.reportError}
          </Alert>
        )}
        {expired && (
          <Alert type="info" header="Scan results expired">
            {expiredReason} Exporting the inventory and rebuilding the report are no longer possible.
          </Alert>
        )}
        {task.error && (
          <Alert type={task.status === "failed" ? "error" : "warning"} header="The scan reported a problem">
            {task.error}
          </Alert>
        )}
        <Container header={<Header variant="h2">Progress</Header>}>
          <SpaceBetween size="m">
            <ProgressBar
              value={task.progress}
              status={task.status === "failed" ? "error" : "in-progress"}
              resultText={task.status === "failed" ? `Failed at ${task.progress} %` : undefined}
              label="Overall"
              description={`${task.unitsDone} of ${task.unitsTotal} units done${task.unitsFailed ? `, ${task.unitsFailed} failed` : ""}`}
              additionalInfo={active ? "Updates every few seconds." : undefined}
              ariaLabel="Overall progress"
            />
            <KeyValuePairs
              columns={4}
              items={[
                { label: "Status", value: <TaskStatusIndicator status={task.status} /> },
                { label: "Created by", value: task.createdByName || task.createdBy },
                ...(task.scheduleId ? [{ label: "Schedule", value: <StartedBy scheduleId={task.scheduleId} /> }] : []),
                { label: "Created", value: formatDate(task.createdAt) },
                { label: "Started", value: formatDate(task.startedAt) },
                { label: "Finished", value: formatDate(task.completedAt) },
                {
                  label: task.accounts.length === 1 ? "Account" : "Accounts",
                  value:
                    task.accounts.length === 0 ? (
                      "-"
                    ) : (
                      <SpaceBetween size="xxxs">
                        {task.accounts.slice(0, SHOWN_ACCOUNTS).map((a) => (
                          <AccountValue key={a} id={a} name={nameOf(a)} />
                        ))}
                        {task.accounts.length > SHOWN_ACCOUNTS && <Box color="text-body-secondary">and {task.accounts.length - SHOWN_ACCOUNTS} more, in the units</Box>}
                      </SpaceBetween>
                    ),
                },
                { label: "Regions", value: task.regions.join(", ") },
                { label: "Task id", value: <CopyValue value={task.id} label="task id" /> },
                { label: "Report", value: task.reportId ? "Ready" : task.reportError ? "Failed" : done ? "Building" : "After the scan" },
                ...(task.reportId ? [{ label: "Report template", value: <ReportTemplate reportId={task.reportId} /> }] : []),
                ...(task.resultsExpireAt
                  ? [
                      {
                        label: "Scan results",
                        value: expired ? `Deleted on ${formatDate(task.resultsExpireAt)}` : `Scan results kept until ${formatDate(task.resultsExpireAt)}`,
                      },
                    ]
                  : []),
              ]}
            />
          </SpaceBetween>
        </Container>
        <Tabs
          ariaLabel="Task details"
          tabs={[
            { id: "units", label: `Units (${task.units.length})`, content: <Units units={task.units} nameOf={nameOf} /> },
            { id: "coverage", label: "Coverage", content: <CoverageTab units={task.units} members={task.members} nameOf={nameOf} /> },
            ...(task.members && task.members.length > 0
              ? [{ id: "members", label: `Organization members (${task.members.length})`, content: <TaskMembers members={task.members} units={task.units} /> }]
              : []),
            { id: "exclusions", label: `Exclusions (${task.exclusions?.length ?? 0})`, content: <TaskExclusions rules={task.exclusions ?? []} /> },
            { id: "logs", label: "Logs", content: <TaskLogs taskId={task.id} live={active} /> },
            { id: "project", label: "Project", content: <Project task={task} /> },
            ...(active ? [] : [{ id: "diagram", label: "Network diagram", content: <NetworkDiagrams taskId={task.id} /> }]),
          ]}
        />
      </SpaceBetween>
      <ConfirmModal
        visible={confirm === "cancel"}
        title="Cancel scan"
        confirmText="Cancel scan"
        loading={cancel.isPending}
        onConfirm={() => cancel.mutate()}
        onDismiss={() => setConfirm(null)}
      >
        Stop "{task.name}"? Units already scanned keep their results; no report is built.
      </ConfirmModal>
      <ConfirmModal
        visible={confirm === "delete"}
        title="Delete task"
        confirmText="Delete"
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onDismiss={() => setConfirm(null)}
        irreversible
        typeToConfirm="delete"
      >
        Delete "{task.name}" with its results and logs? Reports already built are kept.
      </ConfirmModal>
    </ContentLayout>
  );
}

/** How long a unit took; one still scanning says so instead of "0 ms". */
export function unitDuration(u: Pick<TaskUnit, "status" | "durationMs">): string {
  const kind = unitKind(u.status);
  if (kind === "in-progress") return "Running";
  if (kind === "pending") return "Waiting";
  return formatDuration(u.durationMs);
}

function Units({ units, nameOf }: { units: TaskUnit[]; nameOf: AccountNamer }) {
  const narrow = useMediaQuery(NARROW_QUERY);
  const hiddenWhenNarrow = ["resources", "duration"];
  const columns: TableProps.ColumnDefinition<TaskUnit>[] = [
    { id: "account", header: "Account", width: 170, minWidth: 150, cell: (u) => <AccountValue id={u.accountId} name={nameOf(u.accountId)} truncate />, isRowHeader: true },
    { id: "region", header: "Region", width: 120, minWidth: 110, cell: (u) => <NoWrap>{isGlobalUnit(u) ? "Global services" : u.region}</NoWrap> },
    {
      id: "status",
      header: "Status",
      // "Completed with warnings (n)" whole, on one line.
      width: 260,
      minWidth: 250,
      cell: (u) => {
        const st = unitStatus(u);
        return <Status type={st.type}>{st.label}</Status>;
      },
    },
    {
      id: "progress",
      header: "Progress",
      width: 140,
      minWidth: 130,
      cell: (u) => {
        const p = unitProgress(u, units);
        return p === undefined ? (
          <Status type="in-progress">{coverageOf(u).length} services done</Status>
        ) : (
          <ProgressBar value={p} ariaLabel={`Progress of ${u.accountId} ${u.region}`} />
        );
      },
    },
    { id: "resources", header: "Resources", width: 100, minWidth: 90, cell: (u) => u.resources },
    { id: "duration", header: "Duration", width: 100, minWidth: 90, cell: (u) => <NoWrap>{unitDuration(u)}</NoWrap> },
    {
      id: "problems",
      header: "Services with problems",
      minWidth: 150,
      cell: (u) => {
        const problems = coverageOf(u).filter((c) => !["ok", "skipped", "excluded"].includes(c.status)).map((c) => c.service).join(", ");
        return problems ? <Truncated text={problems} /> : "-";
      },
    },
  ];
  return (
    <Table
      variant="borderless"
      items={units}
      resizableColumns
      ariaLabels={{ tableLabel: "Units", resizerRoleDescription: "Resize button" }}
      columnDisplay={columns.map((c) => ({ id: c.id ?? "", visible: !(narrow && hiddenWhenNarrow.includes(c.id ?? "")) }))}
      trackBy={(u) => `${u.accountId}/${u.region}`}
      empty={<Box color="text-status-inactive">The scan plan has not been made yet.</Box>}
      columnDefinitions={columns}
    />
  );
}

function CoverageTab({ units, members, nameOf }: { units: TaskUnit[]; members?: OrgAccount[]; nameOf: AccountNamer }) {
  const totals = coverageTotals(units);
  return (
    <SpaceBetween size="m">
      <Box>
        <InfoLink topic="coverage-grid" />{" "}
        {Object.entries(totals)
          .map(([s, n]) => `${coverageLook(s).label}: ${n}`)
          .join(" · ") || "No coverage yet."}
      </Box>
      <CoverageGrid units={units} members={members} accountName={(id) => nameOf(id)} />
    </SpaceBetween>
  );
}

function Project({ task }: { task: Detail }) {
  const m = task.projectMetadata;
  return (
    <KeyValuePairs
      columns={3}
      items={[
        { label: "Client name", value: m.clientName },
        { label: "Project name", value: m.projectName },
        { label: "BD manager", value: m.bdManager },
        { label: "Solutions architect", value: m.solutionsArchitect },
        { label: "Cloud engineer", value: m.cloudEngineer },
        { label: "Cloud engineer email", value: m.cloudEngineerEmail },
        { label: "Network diagram", value: m.networkDiagramKey ? "Uploaded" : "None" },
        { label: "Services", value: task.services?.join(", ") || "All" },
      ]}
    />
  );
}

/** The template the task's report was built with: its name, or the built-in one (empty). */
function ReportTemplate({ reportId }: { reportId: string }) {
  const api = useApi();
  const q = useQuery({ queryKey: ["reports", "detail", reportId], queryFn: () => api.reports.detail(reportId), staleTime: 60_000, retry: false });
  if (q.error) return <>-</>;
  if (!q.data) return <StatusIndicator type="loading">Loading</StatusIndicator>;
  return <>{q.data.template || "Built-in"}</>;
}

/** The schedule that started a task, by name when the user may read schedules. */
function StartedBy({ scheduleId }: { scheduleId: string }) {
  const api = useApi();
  const perms = usePermissions();
  const canRead = perms.can("menu:schedules");
  const q = useQuery({ queryKey: ["schedules", "detail", scheduleId], queryFn: () => api.schedules.detail(scheduleId), enabled: canRead, retry: false });
  const name = q.data?.name ?? scheduleId;
  return (
    <span>
      Started by schedule {canRead && !q.isError ? <RouterLink href={`/schedules/${scheduleId}`}>{name}</RouterLink> : name}
    </span>
  );
}
