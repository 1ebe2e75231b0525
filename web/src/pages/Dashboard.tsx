// The dashboard: counts, the scans running now with live progress, and the
// latest tasks and reports; and where the console's time zone is chosen
// (local or UTC, for every time it shows).

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import type { TaskStatus } from "../api/types";
import { useApi } from "../app/services";
import { Can, usePermissions } from "../auth/permissions";
import { ErrorAlert } from "../components/ErrorAlert";
import { ListTable } from "../components/ListTable";
import { RouterLink } from "../components/RouterLink";
import { TaskStatusIndicator } from "../components/status";
import { EmptyState, NoWrap, TruncatedLink, WithControl } from "../components/table";
import { TimeZoneControl, useTimeZone } from "../components/TimeZoneControl";
import { formatBytes, formatDate } from "../format";
import { useReportDownload } from "../hooks/useReportDownload";
import { useBreadcrumbs } from "../layout/breadcrumbs";
import { InfoLink } from "../help/InfoLink";

const LIVE_MS = 3_000;

export default function Dashboard() {
  useBreadcrumbs([]);
  const navigate = useNavigate();
  // A new choice of zone redraws every time on the page.
  useTimeZone();
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          info={<InfoLink topic="dashboard" />}
          description="Scans running now, and the latest tasks and reports."
          actions={
            <SpaceBetween direction="horizontal" size="xs" alignItems="center">
              <TimeZoneControl />
              <Can ui="button:task-create">
                <Button variant="primary" onClick={() => navigate("/tasks/new")}>
                  New scan
                </Button>
              </Can>
            </SpaceBetween>
          }
        >
          Dashboard
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Counts />
        <RunningScans />
        <RecentTasks />
        <RecentReports />
      </SpaceBetween>
    </ContentLayout>
  );
}

function useTaskTotal(status?: TaskStatus, live = false) {
  const api = useApi();
  return useQuery({
    queryKey: ["tasks", "total", status ?? "all"],
    queryFn: () => api.tasks.list({ status, page_size: 1 }),
    select: (p) => p.pagination.total,
    refetchInterval: live ? LIVE_MS : false,
  });
}

function Counts() {
  const api = useApi();
  const perms = usePermissions();
  const all = useTaskTotal();
  const running = useTaskTotal("running", true);
  const completed = useTaskTotal("completed");
  const failed = useTaskTotal("failed");
  const reports = useQuery({
    queryKey: ["reports", "total"],
    queryFn: () => api.reports.list({ page_size: 1 }),
    select: (p) => p.pagination.total,
    enabled: perms.can("menu:reports"),
  });
  const credentials = useQuery({
    queryKey: ["credentials", "total"],
    queryFn: () => api.credentials.list({ page_size: 1 }),
    select: (p) => p.pagination.total,
    enabled: perms.can("menu:credentials"),
  });
  const items: { label: string; value: number | undefined; href: string; show: boolean }[] = [
    { label: "Tasks", value: all.data, href: "/tasks", show: true },
    { label: "Running", value: running.data, href: "/tasks?status=running", show: true },
    { label: "Completed", value: completed.data, href: "/tasks?status=completed", show: true },
    { label: "Failed", value: failed.data, href: "/tasks?status=failed", show: true },
    { label: "Reports", value: reports.data, href: "/reports", show: perms.can("menu:reports") },
    { label: "Credentials", value: credentials.data, href: "/credentials", show: perms.can("menu:credentials") },
  ];
  const shown = items.filter((i) => i.show);
  return (
    <Container header={<Header variant="h2">Overview</Header>}>
      {all.error ? (
        <ErrorAlert error={all.error} onRetry={() => void all.refetch()} />
      ) : (
        <ColumnLayout columns={Math.min(shown.length, 4) as 1 | 2 | 3 | 4} variant="text-grid" minColumnWidth={120}>
          {shown.map((i) => (
            <div key={i.label}>
              <Box variant="awsui-key-label">{i.label}</Box>
              <RouterLink href={i.href} variant="awsui-value-large" ariaLabel={`${i.label}: ${i.value ?? "loading"}`}>
                {i.value ?? "-"}
              </RouterLink>
            </div>
          ))}
        </ColumnLayout>
      )}
    </Container>
  );
}

function RunningScans() {
  const api = useApi();
  const q = useQuery({
    queryKey: ["tasks", "active"],
    queryFn: async () => {
      const [running, pending] = await Promise.all([
        api.tasks.list({ status: "running", page_size: 20 }),
        api.tasks.list({ status: "pending", page_size: 20 }),
      ]);
      return [...running.data, ...pending.data];
    },
    refetchInterval: LIVE_MS,
  });
  return (
    <Container header={<Header variant="h2" counter={q.data ? `(${q.data.length})` : undefined}>Running scans</Header>}>
      {q.error ? (
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data && q.data.length === 0 ? (
        <EmptyState title="No scan is running" subtitle="Started scans show their progress here." />
      ) : (
        <SpaceBetween size="m">
          {(q.data ?? []).map((t) => (
            <ProgressBar
              key={t.id}
              value={t.progress}
              label={<RouterLink href={`/tasks/${t.id}`}>{t.name}</RouterLink>}
              description={`${t.accounts.length} account(s), ${t.regions.length} region(s)`}
              additionalInfo={`${t.unitsDone} of ${t.unitsTotal} units done${t.unitsFailed ? `, ${t.unitsFailed} failed` : ""}`}
              ariaLabel={`Progress of ${t.name}`}
            />
          ))}
          {q.isLoading && <Box color="text-status-inactive">Loading</Box>}
        </SpaceBetween>
      )}
    </Container>
  );
}

function RecentTasks() {
  const api = useApi();
  const navigate = useNavigate();
  const perms = usePermissions();
  const q = useQuery({
    queryKey: ["tasks", "recent"],
    queryFn: () => api.tasks.list({ page_size: 5 }),
    refetchInterval: LIVE_MS * 3,
  });
  return (
    <ListTable
      list={{ query: q }}
      variant="container"
      title="Recent tasks"
      noun="tasks"
      actions={<RouterLink href="/tasks">View all</RouterLink>}
      empty={{
        title: "No tasks yet",
        subtitle: "Scan an account to see its tasks here.",
        action: perms.can("button:task-create") ? <Button onClick={() => navigate("/tasks/new")}>Start scan</Button> : undefined,
      }}
      columnDefinitions={[
        {
          id: "name",
          header: "Name",
          width: 300,
          minWidth: 140,
          isRowHeader: true,
          cell: (t) => (
            <TruncatedLink text={t.name} href={`/tasks/${t.id}`} />
          ),
        },
        { id: "status", header: "Status", width: 200, minWidth: 150, cell: (t) => <TaskStatusIndicator status={t.status} /> },
        { id: "progress", header: "Progress", width: 170, minWidth: 120, cell: (t) => <NoWrap>{`${t.progress} % (${t.unitsDone}/${t.unitsTotal} units)`}</NoWrap> },
        { id: "created", header: "Created", minWidth: 200, cell: (t) => formatDate(t.createdAt) },
      ]}
    />
  );
}

function RecentReports() {
  const api = useApi();
  const perms = usePermissions();
  const download = useReportDownload();
  const q = useQuery({
    queryKey: ["reports", "recent"],
    queryFn: () => api.reports.list({ page_size: 5 }),
    enabled: perms.can("menu:reports"),
  });
  if (!perms.can("menu:reports")) return null;
  return (
    <ListTable
      list={{ query: q }}
      variant="container"
      title="Recent reports"
      noun="reports"
      actions={<RouterLink href="/reports">View all</RouterLink>}
      empty={{ title: "No reports yet", subtitle: "A report is built when a scan completes." }}
      columnDefinitions={[
        {
          id: "task",
          header: "Task",
          width: 260,
          minWidth: 140,
          isRowHeader: true,
          cell: (r) => (
            <TruncatedLink text={r.taskName} href={`/tasks/${r.taskId}`} />
          ),
        },
        {
          id: "download",
          header: "Download",
          width: 260,
          minWidth: 140,
          cell: (r) => (
            <WithControl
              text={r.fileName}
              control={<Button variant="inline-icon" iconName="download" ariaLabel={`Download ${r.fileName}`} onClick={() => download.mutate(r.id)} />}
            />
          ),
        },
        { id: "size", header: "Size", width: 110, minWidth: 90, cell: (r) => <NoWrap>{formatBytes(r.fileSize)}</NoWrap> },
        { id: "created", header: "Created", minWidth: 200, cell: (r) => formatDate(r.createdAt) },
      ]}
    />
  );
}
