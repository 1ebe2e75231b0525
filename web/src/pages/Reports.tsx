// Reports: every built .docx, to download or delete. Each row names the
// client and project it was written for (reports of one account read alike
// otherwise); a search finds them by client, project, task, file, version or
// author on the server, and the task link narrows the list to one task.

import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import TextFilter from "@cloudscape-design/components/text-filter";
import TokenGroup from "@cloudscape-design/components/token-group";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../app/services";
import { Can, usePermissions } from "../auth/permissions";
import { ConfirmModal } from "../components/ConfirmModal";
import { ListTable } from "../components/ListTable";
import { RouterLink } from "../components/RouterLink";
import { NoWrap, Truncated, TruncatedLink, WithControl } from "../components/table";
import { formatBytes, formatDate, formatTotal } from "../format";
import { useBulkAction } from "../hooks/useBulkAction";
import { usePagedList } from "../hooks/usePagedList";
import { useReportDownload } from "../hooks/useReportDownload";
import { useSearchState, type SearchState } from "../hooks/useSearchState";
import { useBreadcrumbs } from "../layout/breadcrumbs";
import { InfoLink } from "../help/InfoLink";

export default function Reports() {
  useBreadcrumbs([{ text: "Reports", href: "/reports" }]);
  const api = useApi();
  const perms = usePermissions();
  const download = useReportDownload();
  const reports = usePagedList({ queryKey: ["reports", "list"], state: useSearchState(["task_id", "q"] as const), load: api.reports.list });
  const { values, set, selected } = reports;
  const remove = useBulkAction(reports, {
    run: (r) => api.reports.remove(r.id),
    done: (n) => `Deleted ${n} report(s).`,
    invalidate: [["reports"], ["tasks"]],
  });
  const only = selected.length === 1 ? selected[0] : undefined;
  const navigate = useNavigate();
  const taskName = (reports.query.data?.data ?? []).find((r) => r.taskId === values.task_id)?.taskName;
  const total = reports.query.data?.pagination;

  return (
    <>
      <ListTable
        list={reports}
        variant="full-page"
        title="Reports"
        info={<InfoLink topic="reports" />}
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
          <SpaceBetween size="xs">
            <SearchFilter state={reports} countText={values.q && total ? `${formatTotal(total)} ${total.total === 1 ? "match" : "matches"}` : undefined} />
            {values.task_id ? (
              <TokenGroup
                items={[{ label: `Task ${taskName ?? values.task_id}`, dismissLabel: "Show reports of every task" }]}
                onDismiss={() => set({ task_id: undefined })}
              />
            ) : null}
          </SpaceBetween>
        }
        empty={{
          title: "No reports yet",
          subtitle: "A report is built when a scan completes.",
          action: perms.can("button:task-create") ? <Button onClick={() => navigate("/tasks/new")}>Start scan</Button> : undefined,
        }}
        filters={{ active: !!values.task_id || !!values.q, clear: () => set({ task_id: undefined, q: undefined }) }}
        // Client and project tell reports of one account apart, so they come before the rest; size, format and the task's other versions are a click away in the preferences.
        defaultColumns={{ wide: ["file", "client", "project", "task", "version", "created"], narrow: ["file", "client", "project", "created"] }}
        columnDefinitions={[
          {
            id: "file",
            header: "File",
            isRowHeader: true,
            width: 240,
            minWidth: 140,
            cell: (r) => (
              <WithControl
                text={r.fileName}
                control={<Button variant="inline-icon" iconName="download" ariaLabel={`Download ${r.fileName}`} onClick={() => download.mutate(r.id)} />}
              />
            ),
          },
          { id: "client", header: "Client", width: 140, minWidth: 100, cell: (r) => <Truncated text={r.clientName || "-"} /> },
          { id: "project", header: "Project", width: 160, minWidth: 100, cell: (r) => <Truncated text={r.projectName || "-"} /> },
          {
            id: "task",
            header: "Task",
            width: 180,
            minWidth: 120,
            cell: (r) => (
              <TruncatedLink text={r.taskName} href={`/tasks/${r.taskId}`} />
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

/** The search: sent as q a moment after the user stops typing, so each key press is not a request. */
function SearchFilter({ state, countText }: { state: SearchState<"q">; countText?: string }) {
  const committed = state.values.q;
  const { set } = state;
  const [text, setText] = useState(committed);
  useEffect(() => setText(committed), [committed]);
  useEffect(() => {
    const t = setTimeout(() => text.trim() !== committed && set({ q: text.trim() }), 400);
    return () => clearTimeout(t);
  }, [text, committed, set]);
  return (
    <TextFilter
      filteringText={text}
      onChange={(e) => setText(e.detail.filteringText)}
      filteringPlaceholder="Find by client, project, task or file"
      filteringAriaLabel="Find reports"
      filteringClearAriaLabel="Clear search"
      countText={countText}
    />
  );
}
