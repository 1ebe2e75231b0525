// Workers: the scan executions running now with their units in flight,
// unit statistics, and a purge that stops them all.

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useApi } from "../../app/services";
import { Can } from "../../auth/permissions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFlash } from "../../components/flash";
import { ListTable } from "../../components/ListTable";
import { RouterLink } from "../../components/RouterLink";
import { formatDate, formatDuration, humanize } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { InfoLink } from "../../help/InfoLink";

const POLL_MS = 5_000;

export default function Workers() {
  useBreadcrumbs([{ text: "Workers", href: "/workers" }]);
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const workers = useQuery({ queryKey: ["workers", "list"], queryFn: api.admin.workers, refetchInterval: POLL_MS });
  const stats = useQuery({ queryKey: ["workers", "stats"], queryFn: api.admin.workerStats, refetchInterval: POLL_MS });
  const purge = useApiMutation({
    mutationFn: api.admin.purgeWorkers,
    onSuccess: (r) => {
      flash.success(`Stopped ${r.stopped} execution(s); their tasks are cancelled.`);
      setConfirm(false);
      void queryClient.invalidateQueries({ queryKey: ["workers"] });
      void queryClient.invalidateQueries({ queryKey: ["tasks"] });
    },
    onError: () => setConfirm(false),
  });
  const running = workers.data?.data ?? [];
  const s = stats.data;
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          info={<InfoLink topic="workers" />}
          description="Scan executions and their units. Refreshes every few seconds."
          actions={
            <Can ui="button:workers-purge">
              <Button disabled={running.length === 0} onClick={() => setConfirm(true)}>
                Purge
              </Button>
            </Can>
          }
        >
          Workers
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Container header={<Header variant="h2">Units</Header>}>
          {stats.error ? (
            <ErrorAlert error={stats.error} />
          ) : (
            <ColumnLayout columns={4} variant="text-grid">
              {[
                ["Running", s?.running],
                ["Succeeded", s?.succeeded],
                ["Failed", s?.failed],
                ["Throttled", s?.throttled],
              ].map(([label, v]) => (
                <div key={String(label)}>
                  <Box variant="awsui-key-label">{label}</Box>
                  <Box variant="awsui-value-large">{v ?? "-"}</Box>
                </div>
              ))}
            </ColumnLayout>
          )}
          <Box margin={{ top: "m" }} color="text-body-secondary">
            Average unit duration: {formatDuration(s?.averageUnitDurationMs)}
          </Box>
        </Container>
        <ListTable
          list={{ query: workers }}
          variant="container"
          title="Executions"
          noun="executions"
          counter={`(${running.length})`}
          trackBy="executionArn"
          empty={{ title: "Nothing is running" }}
          wrapLines
          columnDefinitions={[
            { id: "task", header: "Task", isRowHeader: true, cell: (w) => <RouterLink href={`/tasks/${w.taskId}`}>{w.taskName}</RouterLink> },
            { id: "status", header: "Status", cell: (w) => humanize(w.status) },
            {
              id: "progress",
              header: "Units",
              minWidth: 180,
              cell: (w) => (
                <ProgressBar
                  value={w.unitsTotal ? Math.round((w.unitsDone / w.unitsTotal) * 100) : 0}
                  additionalInfo={`${w.unitsDone} of ${w.unitsTotal}`}
                  ariaLabel={`Units of ${w.taskName}`}
                />
              ),
            },
            {
              id: "inflight",
              header: "In flight",
              cell: (w) => (w.unitsInFlight ?? []).map((u) => `${u.accountId}/${u.region}`).join(", ") || "-",
            },
            { id: "started", header: "Started", cell: (w) => formatDate(w.startedAt) },
            { id: "arn", header: "Execution", cell: (w) => <Box variant="code" fontSize="body-s">{w.executionArn}</Box> },
          ]}
        />
      </SpaceBetween>
      <ConfirmModal visible={confirm} title="Purge executions" confirmText="Stop all" loading={purge.isPending} onConfirm={() => purge.mutate()} onDismiss={() => setConfirm(false)}>
        Stop every queued and running execution ({running.length} now)? Their tasks are marked cancelled.
      </ConfirmModal>
    </ContentLayout>
  );
}
