// Report templates: the built-in one (first, the starting point of a
// consultancy's own) and the workspace's uploads, to download, make the
// default of new reports, or delete; and the upload of a new one.

import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Template } from "../../api/types";
import { useApi } from "../../app/services";
import { Can, usePermissions } from "../../auth/permissions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { openDownload } from "../../components/download";
import { useFlash } from "../../components/flash";
import { ListTable } from "../../components/ListTable";
import { formatBytes, formatDate } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { UploadTemplateModal } from "./UploadTemplateModal";
import { InfoLink } from "../../help/InfoLink";

/** The id under which the API lists the built-in template. */
export const BUILTIN_TEMPLATE = "builtin";

export default function TemplateList() {
  useBreadcrumbs([{ text: "Report templates", href: "/templates" }]);
  const api = useApi();
  const perms = usePermissions();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const [uploading, setUploading] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const templates = usePagedList({ queryKey: ["templates", "list"], state: useSearchState([] as const), load: api.templates.list });
  // The selected row as last listed: making it the default changes its badge.
  const selectedId = templates.selected[0]?.id;
  const only = templates.query.data?.data.find((t) => t.id === selectedId) ?? templates.selected[0];
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["templates"] });
    void queryClient.invalidateQueries({ queryKey: ["settings"] });
  };

  const download = useApiMutation({
    mutationFn: (id: string) => api.templates.download(id),
    errorHeader: "The template could not be downloaded",
    onSuccess: (d) => openDownload(d.url, d.fileName),
  });
  const makeDefault = useApiMutation({
    mutationFn: (t: Template) => api.templates.makeDefault(t.id),
    errorHeader: "The default template was not changed",
    onSuccess: (_, t) => {
      flash.success(`"${t.name}" is now the default template: scans that name no template use it.`);
      refresh();
    },
  });
  const remove = useApiMutation({
    mutationFn: (t: Template) => api.templates.remove(t.id),
    errorHeader: "The template was not deleted",
    onSuccess: (_, t) => {
      flash.success(`Deleted template "${t.name}".`);
      templates.setSelected([]);
      setConfirmDelete(false);
      refresh();
    },
    onError: () => setConfirmDelete(false),
  });

  return (
    <>
      <ListTable
        list={templates}
        variant="full-page"
        title="Report templates"
        info={<InfoLink topic="templates" />}
        noun="templates"
        wrapLines
        selectionType="single"
        itemName={(t) => t.name}
        description="The Word documents reports are built on: their cover, styles, header, footer and logo. New scans use the default unless they name another."
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Can ui="button:template-delete">
              <Button
                disabled={!only || only.builtIn}
                disabledReason={only?.builtIn ? "The built-in template cannot be deleted." : undefined}
                onClick={() => setConfirmDelete(true)}
              >
                Delete
              </Button>
            </Can>
            <Can ui="button:template-default">
              <Button
                disabled={!only || only.default}
                disabledReason={only?.default ? "This is already the default." : undefined}
                loading={makeDefault.isPending}
                onClick={() => only && makeDefault.mutate(only)}
              >
                Make default
              </Button>
            </Can>
            <Button iconName="download" disabled={!only} loading={download.isPending && download.variables === only?.id} onClick={() => only && download.mutate(only.id)}>
              Download
            </Button>
            <Can ui="button:template-create">
              <Button variant="primary" iconName="upload" onClick={() => setUploading(true)}>
                Upload template
              </Button>
            </Can>
          </SpaceBetween>
        }
        empty={{ title: "No templates", subtitle: "The built-in template is always listed." }}
        columnDefinitions={[
          { id: "name", header: "Name", isRowHeader: true, cell: (t) => t.name },
          { id: "default", header: "Default", cell: (t) => (t.default ? <Badge color="green">Default</Badge> : "-") },
          { id: "source", header: "Source", cell: (t) => (t.builtIn ? <Badge color="blue">Built-in</Badge> : "Uploaded") },
          { id: "size", header: "Size", cell: (t) => (t.builtIn ? "-" : formatBytes(t.fileSize)) },
          {
            id: "placeholders",
            header: "Placeholders",
            cell: (t) => <span title={t.placeholders.map((p) => `[${p}]`).join(" ")}>{t.placeholders.length}</span>,
          },
          { id: "created", header: "Created", cell: (t) => (t.builtIn ? "-" : formatDate(t.createdAt)) },
        ]}
      />
      {perms.can("button:template-create") && (
        <UploadTemplateModal
          visible={uploading}
          onDismiss={() => setUploading(false)}
          onCreated={(t) => {
            setUploading(false);
            templates.setSelected([t]);
          }}
          templates={templates.query.data?.data}
          onDownloadBuiltIn={() => download.mutate(BUILTIN_TEMPLATE)}
          downloadingBuiltIn={download.isPending && download.variables === BUILTIN_TEMPLATE}
        />
      )}
      <ConfirmModal
        visible={confirmDelete}
        title="Delete template"
        confirmText="Delete"
        loading={remove.isPending}
        onConfirm={() => only && remove.mutate(only)}
        onDismiss={() => setConfirmDelete(false)}
      >
        <SpaceBetween size="xs">
          <Box>Delete "{only?.name}"? This cannot be undone.</Box>
          <Box>
            Tasks and schedules that name it will use the workspace's default template{only?.default ? " (the built-in one, since this is the default)" : ""}. Reports already
            built keep their look.
          </Box>
        </SpaceBetween>
      </ConfirmModal>
    </>
  );
}
