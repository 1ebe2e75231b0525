// Reports: every built .docx, filterable by task, to download or delete.

import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import TokenGroup from "@cloudscape-design/components/token-group";
import { useApi } from "../app/services";
import { Can, usePermissions } from "../auth/permissions";
import { ConfirmModal } from "../components/ConfirmModal";
import { ListTable } from "../components/ListTable";
import { RouterLink } from "../components/RouterLink";
import { formatBytes, formatDate } from "../format";
import { useBulkAction } from "../hooks/useBulkAction";
import { usePagedList } from "../hooks/usePagedList";
import { useReportDownload } from "../hooks/useReportDownload";
import { useSearchState } from "../hooks/useSearchState";
import { useBreadcrumbs } from "../layout/breadcrumbs";

export default function Reports() {
  useBreadcrumbs([{ text: "Reports", href: "/reports" }]);
  const api = useApi();
  const perms = usePermissions();
  const download = useReportDownload();
  const reports = usePagedList({ queryKey: ["reports", "list"], state: useSearchState(["task_id"] as const), load: api.reports.list });
  const { values, set, selected } = reports;
  const remove = useBulkAction(reports, {
    run: (r) => api.reports.remove(r.id),
    done: (n) => `Deleted ${n} report(s).`,
    invalidate: [["reports"], ["tasks"]],
  });
  const only = selected.length === 1 ? selected[0] : undefined;

  return (
    <>
      <ListTable
        list={reports}
        variant="full-page"
        title="Reports"
        noun="reports"
        selectionType={perms.can("button:report-delete") ? "multi" : "single"}
        itemName={(r) => r.fileName}
        description="Implementation documents built by completed scans."
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Can ui="button:report-delete">
              <Button disabled={selected.length === 0} onClick={remove.ask}>
                Delete
              </Button>
            </Can>
            <Button variant="primary" iconName="download" disabled={!only} loading={download.isPending} onClick={() => only && download.mutate(only.id)}>
              Download
            </Button>
          </SpaceBetween>
        }
        filter={
          values.task_id ? (
            <TokenGroup
              items={[{ label: `Task ${values.task_id}`, dismissLabel: "Show reports of every task" }]}
              onDismiss={() => set({ task_id: undefined })}
            />
          ) : undefined
        }
        empty={{ title: "No reports", subtitle: "A report is built when a scan completes." }}
        columnDefinitions={[
          {
            id: "file",
            header: "File",
            isRowHeader: true,
            cell: (r) => (
              <Button variant="inline-link" iconName="download" ariaLabel={`Download ${r.fileName}`} onClick={() => download.mutate(r.id)}>
                {r.fileName}
              </Button>
            ),
          },
          { id: "task", header: "Task", cell: (r) => <RouterLink href={`/tasks/${r.taskId}`}>{r.taskName}</RouterLink> },
          { id: "version", header: "Version", cell: (r) => r.version },
          { id: "size", header: "Size", cell: (r) => formatBytes(r.fileSize) },
          { id: "format", header: "Format", cell: (r) => r.format.toUpperCase() },
          { id: "created", header: "Created", cell: (r) => formatDate(r.createdAt) },
          {
            id: "others",
            header: "Same task",
            cell: (r) => (values.task_id ? "-" : <RouterLink href={`/reports?task_id=${encodeURIComponent(r.taskId)}`}>All versions</RouterLink>),
          },
        ]}
      />
      <ConfirmModal {...remove.confirm} title="Delete reports" confirmText="Delete">
        Delete {selected.length} report(s)? The tasks and their results stay; a report can be rebuilt from its task.
      </ConfirmModal>
    </>
  );
}
