// Reports: every built .docx, filterable by task, to download or delete.

import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import TokenGroup from "@cloudscape-design/components/token-group";
import { useNavigate } from "react-router";
import { useApi } from "../app/services";
import { Can, usePermissions } from "../auth/permissions";
import { ConfirmModal } from "../components/ConfirmModal";
import { ListTable } from "../components/ListTable";
import { RouterLink } from "../components/RouterLink";
import { NoWrap, Truncated, WithControl } from "../components/table";
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
  const navigate = useNavigate();
  const taskName = (reports.query.data?.data ?? []).find((r) => r.taskId === values.task_id)?.taskName;

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
              items={[{ label: `Task ${taskName ?? values.task_id}`, dismissLabel: "Show reports of every task" }]}
              onDismiss={() => set({ task_id: undefined })}
            />
          ) : undefined
        }
        empty={{
          title: "No reports yet",
          subtitle: "A report is built when a scan completes.",
          action: perms.can("button:task-create") ? <Button onClick={() => navigate("/tasks/new")}>Start scan</Button> : undefined,
        }}
        filters={{ active: !!values.task_id, clear: () => set({ task_id: undefined }) }}
        defaultColumns={{ wide: ["file", "task", "version", "size", "created", "others"], narrow: ["file", "task", "version", "created"] }}
        columnDefinitions={[
          {
            id: "file",
            header: "File",
            isRowHeader: true,
            width: 260,
            minWidth: 140,
            cell: (r) => (
              <WithControl
                text={r.fileName}
                control={<Button variant="inline-icon" iconName="download" ariaLabel={`Download ${r.fileName}`} onClick={() => download.mutate(r.id)} />}
              />
            ),
          },
          {
            id: "task",
            header: "Task",
            width: 200,
            minWidth: 120,
            cell: (r) => (
              <Truncated text={r.taskName}>
                <RouterLink href={`/tasks/${r.taskId}`}>{r.taskName}</RouterLink>
              </Truncated>
            ),
          },
          { id: "version", header: "Version", width: 100, minWidth: 90, cell: (r) => r.version },
          { id: "size", header: "Size", width: 100, minWidth: 90, cell: (r) => <NoWrap>{formatBytes(r.fileSize)}</NoWrap> },
          { id: "format", header: "Format", width: 100, minWidth: 90, cell: (r) => r.format.toUpperCase() },
          { id: "created", header: "Created", width: 210, minWidth: 200, cell: (r) => formatDate(r.createdAt) },
          {
            id: "others",
            header: "Same task",
            minWidth: 120,
            cell: (r) => (values.task_id ? "-" : <RouterLink href={`/reports?task_id=${encodeURIComponent(r.taskId)}`}>All versions</RouterLink>),
          },
        ]}
      />
      <ConfirmModal {...remove.confirm} title="Delete reports" confirmText="Delete" irreversible>
        Delete {selected.length} report(s)? The tasks and their results stay; a report can be rebuilt from its task.
      </ConfirmModal>
    </>
  );
}
