// The schedules table: when each runs, its next run, how its last run went
// (with the task it started), and whose it is.

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import type { Schedule } from "../../api/types";
import { useApi, useSessionState } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { ListTable } from "../../components/ListTable";
import { RouterLink } from "../../components/RouterLink";
import { ScheduleRunIndicator } from "../../components/status";
import { FilterSelect } from "../../components/table";
import { formatDate, formatDateIn } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { InfoLink } from "../../help/InfoLink";

export default function ScheduleList() {
  useBreadcrumbs([{ text: "Schedules", href: "/schedules" }]);
  const api = useApi();
  const navigate = useNavigate();
  const perms = usePermissions();
  const me = useSessionState()?.user;
  const schedules = usePagedList({
    queryKey: ["schedules", "list"],
    state: useSearchState(["enabled", "created_by"] as const),
    load: api.schedules.list,
  });
  const users = useQuery({
    queryKey: ["users", "options"],
    queryFn: () => api.users.list({ page_size: 100 }),
    enabled: perms.can("menu:users"),
    staleTime: 60_000,
  });
  const creatorOptions = [
    ...(me ? [{ value: me.id, label: "Me" }] : []),
    ...(users.data?.data ?? []).filter((u) => u.id !== me?.id).map((u) => ({ value: u.id, label: u.username })),
  ];

  return (
    <ListTable
      list={schedules}
      variant="full-page"
      title="Schedules"
      info={<InfoLink topic="schedules" />}
      noun="schedules"
      wrapLines
      description="Scans that start on their own. Each run starts a task like New scan does."
      actions={
        <SpaceBetween direction="horizontal" size="xs">
          <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void schedules.query.refetch()} loading={schedules.query.isFetching && !schedules.query.isLoading} />
          {perms.has("schedules:create") && (
            <Button variant="primary" onClick={() => navigate("/schedules/new")}>
              New schedule
            </Button>
          )}
        </SpaceBetween>
      }
      filter={
        <SpaceBetween direction="horizontal" size="xs">
          <FilterSelect
            state={schedules}
            name="enabled"
            any="Enabled or not"
            options={[
              { value: "true", label: "Enabled" },
              { value: "false", label: "Disabled" },
            ]}
            label="Filter by state"
            inlineLabel="State"
          />
          <FilterSelect state={schedules} name="created_by" any="Anyone" options={creatorOptions} label="Filter by owner" inlineLabel="Owner" />
        </SpaceBetween>
      }
      empty={{ title: "No schedules", subtitle: "No schedule matches these filters." }}
      columnDefinitions={[
        { id: "name", header: "Name", cell: (s) => <RouterLink href={`/schedules/${s.id}`}>{s.name}</RouterLink>, isRowHeader: true },
        { id: "expression", header: "Expression", cell: (s) => <Box variant="code">{s.expression}</Box> },
        { id: "timezone", header: "Time zone", cell: (s) => s.timezone },
        {
          id: "enabled",
          header: "State",
          cell: (s) => (s.enabled ? <StatusIndicator type="success">Enabled</StatusIndicator> : <StatusIndicator type="stopped">Disabled</StatusIndicator>),
        },
        { id: "next", header: "Next run", cell: (s) => (s.nextRuns[0] ? formatDateIn(s.nextRuns[0], s.timezone) : "-") },
        { id: "last", header: "Last run", cell: (s) => <LastRun schedule={s} /> },
        { id: "owner", header: "Owner", cell: (s) => s.createdByName || s.createdBy },
      ]}
    />
  );
}

/** The last run: its outcome, when, and the task it started (or why it did not). */
export function LastRun({ schedule }: { schedule: Schedule }) {
  const run = schedule.lastRun;
  if (!run) return <Box color="text-status-inactive">Not run yet</Box>;
  return (
    <SpaceBetween size="xxxs">
      <ScheduleRunIndicator status={run.status} />
      <Box variant="small">
        {formatDate(run.time)}
        {run.reason ? `: ${run.reason}` : ""}
      </Box>
      {run.taskId && <RouterLink href={`/tasks/${run.taskId}`}>View task</RouterLink>}
    </SpaceBetween>
  );
}
