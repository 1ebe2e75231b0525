// A task's logs with a level filter and pages; follows a running task.

import Box from "@cloudscape-design/components/box";
import Popover from "@cloudscape-design/components/popover";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import type { QueryOf } from "../../api/routes";
import { useApi } from "../../app/services";
import { ListTable } from "../../components/ListTable";
import { CopyValue } from "../../components/CopyValue";
import { LOG_LEVELS, LogLevelIndicator } from "../../components/status";
import { NoWrap } from "../../components/table";
import { formatDate, humanize } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { useLocalSearchState } from "../../hooks/useSearchState";

export function TaskLogs({ taskId, live }: { taskId: string; live: boolean }) {
  const api = useApi();
  const logs = usePagedList({
    queryKey: ["tasks", "logs", taskId],
    state: useLocalSearchState(["level"] as const),
    load: (q: Omit<QueryOf<"GET /api/tasks/logs">, "id">) => api.tasks.logs({ ...q, id: taskId }),
    pageSize: 50,
    refetchInterval: () => (live ? 5_000 : false),
  });
  return (
    <ListTable
      list={logs}
      variant="borderless"
      title="Logs"
      noun="logs"
      actions={
        <SegmentedControl
          label="Log level"
          selectedId={logs.values.level || "all"}
          onChange={(e) => logs.set({ level: e.detail.selectedId === "all" ? undefined : e.detail.selectedId })}
          options={[{ id: "all", text: "All" }, ...LOG_LEVELS.map((l) => ({ id: l, text: humanize(l) }))]}
        />
      }
      empty={{ title: "No log entries", subtitle: logs.values.level ? undefined : "The scan writes here as it goes." }}
      filters={{ active: logs.values.level !== "", clear: () => logs.set({ level: undefined }) }}
      // A log message is read whole: it wraps; the time and level keep to one line.
      wrapLines
      columnDefinitions={[
        { id: "time", header: "Time", cell: (l) => <NoWrap>{formatDate(l.timestamp)}</NoWrap>, width: 210, minWidth: 200 },
        { id: "level", header: "Level", cell: (l) => <LogLevelIndicator level={l.level} />, width: 120, minWidth: 110 },
        { id: "message", header: "Message", cell: (l) => l.message, isRowHeader: true, width: 280, minWidth: 160 },
        {
          id: "context",
          header: "Context",
          width: 200,
          minWidth: 140,
          cell: (l) => {
            const rest = [l.region, l.service].filter(Boolean).join(" / ");
            if (!l.accountId) return rest || "-";
            return (
              <span>
                <CopyValue value={l.accountId} label="account id" />
                {rest ? ` / ${rest}` : ""}
              </span>
            );
          },
        },
        {
          id: "details",
          header: "Details",
          cell: (l) =>
            l.details === undefined || l.details === null ? (
              "-"
            ) : (
              <Popover header="Details" size="large" triggerType="text" content={<Box variant="code"><pre style={{ margin: 0, whiteSpace: "pre-wrap" }}>{typeof l.details === "string" ? l.details : JSON.stringify(l.details, null, 2)}</pre></Box>}>
                View details
              </Popover>
            ),
        },
      ]}
    />
  );
}
