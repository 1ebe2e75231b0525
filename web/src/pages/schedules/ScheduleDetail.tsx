// One schedule: its next runs (the API computes them), its last run with
// the task it started, the scan it starts, and the actions on it: run now,
// enable or disable, edit, delete.

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import type { Schedule } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { useFlash } from "../../components/flash";
import { Loaded } from "../../components/Loading";
import { RouterLink } from "../../components/RouterLink";
import { formatDate, formatDateIn } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { templateLabel, useTemplateOptions } from "../tasks/wizard/steps";
import { toggled } from "./form";
import { LastRun } from "./ScheduleList";
import { InfoLink } from "../../help/InfoLink";

export default function ScheduleDetail() {
  const { id = "" } = useParams();
  const api = useApi();
  const q = useQuery({ queryKey: ["schedules", "detail", id], queryFn: () => api.schedules.detail(id) });
  useBreadcrumbs([
    { text: "Schedules", href: "/schedules" },
    { text: q.data?.name ?? id, href: `/schedules/${id}` },
  ]);
  return (
    <Loaded query={q} text="Loading schedule">
      {(s) => <ScheduleView schedule={s} />}
    </Loaded>
  );
}

function ScheduleView({ schedule: s }: { schedule: Schedule }) {
  const api = useApi();
  const perms = usePermissions();
  const flash = useFlash();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["schedules"] });

  const run = useApiMutation({
    mutationFn: () => api.schedules.run(s.id),
    errorHeader: "The schedule did not run",
    onSuccess: (task) => {
      void refresh();
      void queryClient.invalidateQueries({ queryKey: ["tasks"] });
      flash.success(`"${s.name}" started scan "${task.name}".`);
      navigate(`/tasks/${task.id}`);
    },
    onError: () => void refresh(),
  });
  const toggle = useApiMutation({
    mutationFn: () => api.schedules.update(toggled(s, !s.enabled)),
    onSuccess: (u) => {
      queryClient.setQueryData(["schedules", "detail", s.id], u);
      void refresh();
      flash.success(u.enabled ? `Enabled "${u.name}".` : `Disabled "${u.name}": it no longer runs.`);
    },
  });
  const remove = useApiMutation({
    mutationFn: () => api.schedules.remove(s.id),
    onSuccess: () => {
      flash.success(`Deleted "${s.name}".`);
      void refresh();
      navigate("/schedules");
    },
    onError: () => setConfirm(false),
  });
  const canUpdate = perms.has("schedules:update");

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          info={<InfoLink topic="schedules" />}
          description={`${s.expression} in ${s.timezone}`}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              {perms.has("schedules:delete") && <Button onClick={() => setConfirm(true)}>Delete</Button>}
              {canUpdate && <Button onClick={() => navigate(`/schedules/${s.id}/edit`)}>Edit</Button>}
              {canUpdate && (
                <Button loading={toggle.isPending} onClick={() => toggle.mutate()}>
                  {s.enabled ? "Disable" : "Enable"}
                </Button>
              )}
              {canUpdate && (
                <Button
                  variant="primary"
                  loading={run.isPending}
                  disabled={!s.enabled}
                  disabledReason={s.enabled ? undefined : "Enable the schedule to run it."}
                  onClick={() => run.mutate()}
                >
                  Run now
                </Button>
              )}
            </SpaceBetween>
          }
        >
          {s.name}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <ColumnLayout columns={2}>
          <Container header={<Header variant="h2">Next runs</Header>}>
            {s.nextRuns.length > 0 ? (
              <ol aria-label="Next runs">
                {s.nextRuns.map((t) => (
                  <li key={t}>
                    {formatDateIn(t, s.timezone)}
                    <Box variant="small" display="block">
                      {formatDate(t)} your time
                    </Box>
                  </li>
                ))}
              </ol>
            ) : (
              <Box color="text-status-inactive">{s.enabled ? "None: the expression has no run left." : "None while the schedule is disabled."}</Box>
            )}
          </Container>
          <Container header={<Header variant="h2">Last run</Header>}>
            <LastRun schedule={s} />
          </Container>
        </ColumnLayout>
        <Container header={<Header variant="h2">Details</Header>}>
          <KeyValuePairs
            columns={3}
            items={[
              { label: "State", value: s.enabled ? <StatusIndicator type="success">Enabled</StatusIndicator> : <StatusIndicator type="stopped">Disabled</StatusIndicator> },
              { label: "Expression", value: <Box variant="code">{s.expression}</Box> },
              { label: "Time zone", value: s.timezone },
              { label: "Owner", value: s.createdByName || s.createdBy },
              { label: "Credentials", value: `${s.credentialIds.length} selected` },
              { label: "Regions", value: s.regions.join(", ") },
              { label: "Services", value: s.services?.join(", ") || "All" },
              { label: "Notifies", value: <Channels ids={s.channelIds ?? []} /> },
              { label: "Report template", value: <TemplateName id={s.templateId ?? ""} /> },
              { label: "Client / project", value: `${s.projectMetadata.clientName} / ${s.projectMetadata.projectName}` },
              { label: "Created", value: formatDate(s.createdAt) },
              { label: "Updated", value: formatDate(s.updatedAt) },
            ]}
          />
        </Container>
      </SpaceBetween>
      <ConfirmModal visible={confirm} title="Delete schedule" confirmText="Delete" loading={remove.isPending} onConfirm={() => remove.mutate()} onDismiss={() => setConfirm(false)}>
        Delete "{s.name}"? It stops running; the tasks it started and their reports stay.
      </ConfirmModal>
    </ContentLayout>
  );
}

function TemplateName({ id }: { id: string }) {
  const { canList, query } = useTemplateOptions();
  return <>{canList ? templateLabel(id, query.data?.data) : id || "Workspace default"}</>;
}

function Channels({ ids }: { ids: string[] }) {
  const api = useApi();
  const perms = usePermissions();
  const channels = useQuery({
    queryKey: ["notifications", "options"],
    queryFn: () => api.notifications.list({ page_size: 100 }),
    enabled: ids.length > 0 && perms.has("notifications:read"),
    staleTime: 30_000,
  });
  if (ids.length === 0) return <>No one</>;
  const byId = new Map((channels.data?.data ?? []).map((c) => [c.id, c.name]));
  return (
    <SpaceBetween size="xxxs">
      {ids.map((id) =>
        perms.can("menu:notifications") ? (
          <RouterLink key={id} href={`/notifications/${id}`}>
            {byId.get(id) ?? id}
          </RouterLink>
        ) : (
          <span key={id}>{byId.get(id) ?? id}</span>
        ),
      )}
    </SpaceBetween>
  );
}
