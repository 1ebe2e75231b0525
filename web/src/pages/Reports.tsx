// Reports: every built .docx, filterable by task, to download or delete.

import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import TokenGroup from "@cloudscape-design/components/token-group";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Report } from "../api/types";
import { useApi } from "../app/services";
import { Can, usePermissions } from "../auth/permissions";
import { ConfirmModal } from "../components/ConfirmModal";
import { ErrorAlert } from "../components/ErrorAlert";
import { useFlash } from "../components/flash";
import { RouterLink } from "../components/RouterLink";
import { counter, EmptyState, Pager, PAGE_SIZE } from "../components/table";
import { formatBytes, formatDate } from "../format";
import { useApiMutation } from "../hooks/useApiMutation";
import { useReportDownload } from "../hooks/useReportDownload";
import { useSearchState } from "../hooks/useSearchState";
import { useBreadcrumbs } from "../layout/breadcrumbs";

export default function Reports() {
  useBreadcrumbs([{ text: "Reports", href: "/reports" }]);
  const api = useApi();
  const flash = useFlash();
  const perms = usePermissions();
  const queryClient = useQueryClient();
  const download = useReportDownload();
  const { values, page, set } = useSearchState(["task_id"] as const);
  const [selected, setSelected] = useState<Report[]>([]);
  const [confirm, setConfirm] = useState(false);
  const query = { page, page_size: PAGE_SIZE, task_id: values.task_id || undefined };
  const reports = useQuery({
    queryKey: ["reports", "list", query],
    queryFn: () => api.reports.list(query),
    placeholderData: keepPreviousData,
  });
  const remove = useApiMutation({
    mutationFn: async (rs: Report[]) => Promise.all(rs.map((r) => api.reports.remove(r.id))),
    onSuccess: (_, rs) => {
      flash.success(`Deleted ${rs.length} report(s).`);
      setSelected([]);
      setConfirm(false);
      void queryClient.invalidateQueries({ queryKey: ["reports"] });
      void queryClient.invalidateQueries({ queryKey: ["tasks"] });
    },
    onError: () => setConfirm(false),
  });
  const only = selected.length === 1 ? selected[0] : undefined;

  return (
    <>
      <Table
        variant="full-page"
        selectionType={perms.can("button:report-delete") ? "multi" : "single"}
        selectedItems={selected}
        onSelectionChange={(e) => setSelected(e.detail.selectedItems)}
        trackBy="id"
        ariaLabels={{
          selectionGroupLabel: "Report selection",
          itemSelectionLabel: (_, r) => `Select ${r.fileName}`,
          allItemsSelectionLabel: () => "Select all reports",
        }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={counter(reports.data?.pagination)}
            description="Implementation documents built by completed scans."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Can ui="button:report-delete">
                  <Button disabled={selected.length === 0} onClick={() => setConfirm(true)}>
                    Delete
                  </Button>
                </Can>
                <Button variant="primary" iconName="download" disabled={!only} loading={download.isPending} onClick={() => only && download.mutate(only.id)}>
                  Download
                </Button>
              </SpaceBetween>
            }
          >
            Reports
          </Header>
        }
        filter={
          values.task_id ? (
            <TokenGroup
              items={[{ label: `Task ${values.task_id}`, dismissLabel: "Show reports of every task" }]}
              onDismiss={() => set({ task_id: undefined })}
            />
          ) : undefined
        }
        pagination={<Pager info={reports.data?.pagination} onChange={(p) => set({ page: p })} />}
        loading={reports.isLoading}
        loadingText="Loading reports"
        items={reports.data?.data ?? []}
        empty={reports.error ? <ErrorAlert error={reports.error} onRetry={() => void reports.refetch()} /> : <EmptyState title="No reports" subtitle="A report is built when a scan completes." />}
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
      <ConfirmModal
        visible={confirm}
        title="Delete reports"
        confirmText="Delete"
        loading={remove.isPending}
        onConfirm={() => remove.mutate(selected)}
        onDismiss={() => setConfirm(false)}
      >
        Delete {selected.length} report(s)? The tasks and their results stay; a report can be rebuilt from its task.
      </ConfirmModal>
    </>
  );
}
