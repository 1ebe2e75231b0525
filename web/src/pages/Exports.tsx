// Exports: the caller's own background jobs (inventory and audit exports,
// report rebuilds), newest first, polled while one is still going. A
// finished file is downloaded through a fresh detail call, whose presigned
// link lives ten minutes.

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import type { Job } from "../api/types";
import { useApi } from "../app/services";
import { openDownload } from "../components/download";
import { ListTable } from "../components/ListTable";
import { RouterLink } from "../components/RouterLink";
import { isJobEnded, JobStatusIndicator } from "../components/status";
import { formatBytes, formatDate } from "../format";
import { useApiMutation } from "../hooks/useApiMutation";
import { usePagedList } from "../hooks/usePagedList";
import { useSearchState } from "../hooks/useSearchState";
import { jobTitle } from "../jobs/describe";
import { useBreadcrumbs } from "../layout/breadcrumbs";
import { InfoLink } from "../help/InfoLink";

const POLL_MS = 2_000;

export default function Exports() {
  useBreadcrumbs([{ text: "Exports", href: "/exports" }]);
  const api = useApi();
  const jobs = usePagedList({
    queryKey: ["exports", "list"],
    state: useSearchState([] as const),
    load: api.exports.list,
    refetchInterval: (page) => (page?.data.some((j) => !isJobEnded(j.status)) ? POLL_MS : false),
  });
  const download = useApiMutation({
    mutationFn: (id: string) => api.exports.detail(id),
    errorHeader: "The file could not be downloaded",
    onSuccess: (job) => {
      if (job.download) openDownload(job.download.url, job.download.fileName);
    },
  });

  return (
    <ListTable
      list={jobs}
      variant="full-page"
      title="Exports"
      info={<InfoLink topic="exports" />}
      noun="exports"
      description="Your inventory and audit log exports and report rebuilds. Finished files are kept until they expire."
      empty={{ title: "No exports", subtitle: "Export a task's inventory or the audit log, or rebuild a report: it is listed here." }}
      wrapLines
      columnDefinitions={[
        { id: "what", header: "Export", isRowHeader: true, cell: (j) => <What job={j} /> },
        { id: "status", header: "Status", cell: (j) => <JobStatusIndicator status={j.status} /> },
        {
          id: "file",
          header: "File",
          cell: (j) => <FileCell job={j} onDownload={() => download.mutate(j.id)} downloading={download.isPending && download.variables === j.id} />,
        },
        { id: "size", header: "Size", cell: (j) => (j.status === "succeeded" && j.kind !== "report_rebuild" ? formatBytes(j.size) : "-") },
        { id: "records", header: "Records", cell: (j) => (j.status === "succeeded" || j.records > 0 ? j.records.toLocaleString("en-US") : "-") },
        { id: "created", header: "Started", cell: (j) => formatDate(j.createdAt) },
        { id: "finished", header: "Finished", cell: (j) => formatDate(j.finishedAt) },
        { id: "expires", header: "Kept until", cell: (j) => (j.status === "succeeded" && j.kind !== "report_rebuild" ? formatDate(j.expiresAt) : "-") },
      ]}
    />
  );
}

function What({ job }: { job: Job }) {
  const taskId = job.params.taskId;
  return (
    <>
      {jobTitle(job)}
      {taskId && (
        <Box variant="small" display="block">
          <RouterLink href={`/tasks/${taskId}`}>Task</RouterLink>
        </Box>
      )}
    </>
  );
}

function FileCell({ job, onDownload, downloading }: { job: Job; onDownload: () => void; downloading: boolean }) {
  if (job.status === "failed") return <StatusIndicator type="error">{job.error || "Failed"}</StatusIndicator>;
  if (job.status !== "succeeded") return "-";
  if (job.kind === "report_rebuild") {
    return job.params.taskId ? <RouterLink href={`/reports?task_id=${encodeURIComponent(job.params.taskId)}`}>View report</RouterLink> : "Report built";
  }
  const expired = Date.parse(job.expiresAt) <= Date.now();
  if (expired) return <Box color="text-status-inactive">{job.fileName ?? "File"} (expired)</Box>;
  return (
    <Button variant="inline-link" iconName="download" loading={downloading} ariaLabel={`Download ${job.fileName ?? "the file"}`} onClick={onDownload}>
      {job.fileName ?? "Download"}
    </Button>
  );
}
