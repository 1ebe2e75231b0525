// A task's logs with a level filter and pages; follows a running task.

import Box from "@cloudscape-design/components/box";
import Header from "@cloudscape-design/components/header";
import Popover from "@cloudscape-design/components/popover";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import Table from "@cloudscape-design/components/table";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { LogLevel } from "../../api/types";
import { useApi } from "../../app/services";
import { ErrorAlert } from "../../components/ErrorAlert";
import { LOG_LEVELS, LogLevelIndicator } from "../../components/status";
import { counter, EmptyState, Pager } from "../../components/table";
import { formatDate, humanize } from "../../format";

export function TaskLogs({ taskId, live }: { taskId: string; live: boolean }) {
  const api = useApi();
  const [level, setLevel] = useState<LogLevel | "all">("all");
  const [page, setPage] = useState(1);
  const query = { id: taskId, level: level === "all" ? undefined : level, page, page_size: 50 };
  const logs = useQuery({
    queryKey: ["tasks", "logs", query],
    queryFn: () => api.tasks.logs(query),
    placeholderData: keepPreviousData,
    refetchInterval: live ? 5_000 : false,
  });
  return (
    <Table
      variant="borderless"
      header={
        <Header
          counter={counter(logs.data?.pagination)}
          actions={
            <SegmentedControl
              label="Log level"
              selectedId={level}
              onChange={(e) => {
                setLevel(e.detail.selectedId as LogLevel | "all");
                setPage(1);
              }}
              options={[{ id: "all", text: "All" }, ...LOG_LEVELS.map((l) => ({ id: l, text: humanize(l) }))]}
            />
          }
        >
          Logs
        </Header>
      }
      loading={logs.isLoading}
      loadingText="Loading logs"
      items={logs.data?.data ?? []}
      pagination={<Pager info={logs.data?.pagination} onChange={setPage} />}
      empty={logs.error ? <ErrorAlert error={logs.error} /> : <EmptyState title="No log entries" />}
      wrapLines
      columnDefinitions={[
        { id: "time", header: "Time", cell: (l) => formatDate(l.timestamp), width: 180 },
        { id: "level", header: "Level", cell: (l) => <LogLevelIndicator level={l.level} />, width: 110 },
        { id: "message", header: "Message", cell: (l) => l.message, isRowHeader: true },
        {
          id: "context",
          header: "Context",
          cell: (l) => [l.accountId, l.region, l.service].filter(Boolean).join(" / ") || "-",
        },
        {
          id: "details",
          header: "Details",
          cell: (l) =>
            l.details === undefined || l.details === null ? (
              "-"
            ) : (
              <Popover header="Details" size="large" triggerType="text" content={<Box variant="code"><pre style={{ margin: 0, whiteSpace: "pre-wrap" }}>{JSON.stringify(l.details, null, 2)}</pre></Box>}>
                Show
              </Popover>
            ),
        },
      ]}
    />
  );
}
