// One notification channel: its settings (masked as the API answers them)
// and health, a test message with the receiver's answer, edit, enable or
// disable, delete, and the log of its deliveries.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Form from "@cloudscape-design/components/form";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import type { Channel, ChannelTestResult } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { Actions } from "../../components/Actions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { useFlash } from "../../components/flash";
import { ListTable } from "../../components/ListTable";
import { Loaded } from "../../components/Loading";
import { ChannelHealthIndicator, DeliveryStatusIndicator } from "../../components/status";
import { formatDate } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { usePagedList } from "../../hooks/usePagedList";
import { useLocalSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { CHANNEL_API_FIELDS, ChannelFields } from "./ChannelFields";
import { channelFormFrom, eventLabel, toggledChannel, toUpdateChannel, typeLabel, validateChannel, type ChannelErrors, type ChannelForm } from "./form";
import { InfoLink } from "../../help/InfoLink";

export default function ChannelDetail() {
  const { id = "" } = useParams();
  const api = useApi();
  const q = useQuery({ queryKey: ["notifications", "detail", id], queryFn: () => api.notifications.detail(id) });
  useBreadcrumbs([
    { text: "Notifications", href: "/notifications" },
    { text: q.data?.name ?? id, href: `/notifications/${id}` },
  ]);
  return (
    <Loaded query={q} text="Loading channel">
      {(c) => <ChannelView channel={c} />}
    </Loaded>
  );
}

function ChannelView({ channel: c }: { channel: Channel }) {
  const api = useApi();
  const perms = usePermissions();
  const flash = useFlash();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [result, setResult] = useState<ChannelTestResult | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["notifications"] });

  const test = useApiMutation({
    mutationFn: () => api.notifications.test(c.id),
    errorHeader: "The test could not be sent",
    onMutate: () => setResult(null),
    onSuccess: (r) => {
      setResult(r);
      void refresh();
    },
  });
  const toggle = useApiMutation({
    mutationFn: () => api.notifications.update(toggledChannel(c, !c.enabled)),
    onSuccess: (u) => {
      flash.success(u.enabled ? `Enabled "${u.name}".` : `Disabled "${u.name}".`);
      void refresh();
    },
  });
  const remove = useApiMutation({
    mutationFn: () => api.notifications.remove(c.id),
    onSuccess: () => {
      flash.success(`Deleted "${c.name}".`);
      void refresh();
      navigate("/notifications");
    },
    onError: () => setConfirm(false),
  });

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          info={<InfoLink topic="notifications" />}
          description={`${typeLabel(c.type)} channel`}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              {perms.can("button:notification-delete") && <Button onClick={() => setConfirm(true)}>Delete</Button>}
              {perms.can("button:notification-update") && !editing && <Button onClick={() => setEditing(true)}>Edit</Button>}
              {perms.can("button:notification-update") && (
                <Button loading={toggle.isPending} onClick={() => toggle.mutate()}>
                  {c.enabled ? "Disable" : "Enable"}
                </Button>
              )}
              {perms.can("button:notification-create") && (
                <Button variant="primary" loading={test.isPending} onClick={() => test.mutate()}>
                  Send test
                </Button>
              )}
            </SpaceBetween>
          }
        >
          {c.name}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {result && <TestResult result={result} onDismiss={() => setResult(null)} />}
        {c.health.unhealthy && (
          <Alert type="warning" header="This channel is failing">
            {c.health.consecutiveFailures} deliveries in a row failed{c.health.lastError ? `: ${c.health.lastError}` : "."} Check the receiver's settings, then send a
            test.
          </Alert>
        )}
        {editing ? (
          <EditForm c={c} onDone={() => setEditing(false)} />
        ) : (
          <Container header={<Header variant="h2">Details</Header>}>
            <KeyValuePairs
              columns={3}
              items={[
                { label: "Type", value: typeLabel(c.type) },
                { label: "State", value: c.enabled ? <StatusIndicator type="success">Enabled</StatusIndicator> : <StatusIndicator type="stopped">Disabled</StatusIndicator> },
                { label: "Health", value: <ChannelHealthIndicator health={c.health} /> },
                ...settings(c),
                {
                  label: "Events",
                  value: (
                    <SpaceBetween size="xxxs">
                      {c.events.map((e) => (
                        <span key={e}>{eventLabel(e)}</span>
                      ))}
                    </SpaceBetween>
                  ),
                },
                { label: "Last delivered", value: formatDate(c.health.lastDeliveredAt) },
                { label: "Created", value: formatDate(c.createdAt) },
                { label: "Updated", value: formatDate(c.updatedAt) },
              ]}
            />
          </Container>
        )}
        <Deliveries channelId={c.id} />
      </SpaceBetween>
      <ConfirmModal visible={confirm} title="Delete channel" confirmText="Delete" loading={remove.isPending} onConfirm={() => remove.mutate()} onDismiss={() => setConfirm(false)}>
        Delete "{c.name}"? Its pending deliveries are dropped, and schedules stop notifying it.
      </ConfirmModal>
    </ContentLayout>
  );
}

/** The type's settings as the API shows them (URLs and secrets masked). */
function settings(c: Channel): { label: string; value: string }[] {
  const cfg = c.config;
  switch (c.type) {
    case "dingtalk":
      return [
        { label: "Webhook URL", value: cfg.webhookUrl ?? "-" },
        { label: "Signing secret", value: cfg.secret ? "Set (hidden)" : "None" },
        { label: "Mentions", value: [...(cfg.atAll ? ["everyone"] : []), ...(cfg.atMobiles ?? [])].join(", ") || "None" },
      ];
    case "webhook":
      return [
        { label: "Endpoint URL", value: cfg.url ?? "-" },
        { label: "Signing secret", value: cfg.secret ? "Set (hidden)" : "None" },
      ];
    case "email":
      return [{ label: "Recipients", value: (cfg.recipients ?? []).join(", ") }];
    default:
      return [{ label: "Webhook URL", value: cfg.webhookUrl ?? "-" }];
  }
}

function TestResult({ result, onDismiss }: { result: ChannelTestResult; onDismiss: () => void }) {
  const code = result.statusCode ? `The receiver answered ${result.statusCode}.` : "The receiver could not be reached.";
  return (
    <Alert type={result.delivered ? "success" : "error"} header={result.delivered ? "Test message delivered" : "Test message not delivered"} dismissible onDismiss={onDismiss} i18nStrings={{ dismissAriaLabel: "Dismiss test result" }}>
      <SpaceBetween size="xxs">
        <span>{code}</span>
        {result.error && <span>{result.error}</span>}
      </SpaceBetween>
    </Alert>
  );
}

function EditForm({ c, onDone }: { c: Channel; onDone: () => void }) {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const [{ form, kept }, setState] = useState(() => channelFormFrom(c));
  const [errors, setErrors] = useState<ChannelErrors>({});
  const save = useApiMutation({
    mutationFn: () => api.notifications.update(toUpdateChannel(c, form, kept)),
    fields: CHANNEL_API_FIELDS,
    onSuccess: (u) => {
      flash.success(`Saved "${u.name}".`);
      void queryClient.invalidateQueries({ queryKey: ["notifications"] });
      onDone();
    },
  });
  return (
    <Form
      actions={
        <Actions
          submitText="Save"
          loading={save.isPending}
          onCancel={onDone}
          onSubmit={() => {
            const errs = validateChannel(form, kept);
            setErrors(errs);
            if (Object.keys(errs).length === 0) save.mutate();
          }}
        />
      }
    >
      <Container header={<Header variant="h2">Edit channel</Header>}>
        <ChannelFields
          form={form}
          kept={kept}
          onChange={(p: Partial<ChannelForm>) => {
            setState((s) => ({ ...s, form: { ...s.form, ...p } }));
            save.reset();
          }}
          errors={errors}
          apiError={save.error}
          editing
        />
      </Container>
    </Form>
  );
}

function Deliveries({ channelId }: { channelId: string }) {
  const api = useApi();
  const list = usePagedList({
    queryKey: ["notifications", "deliveries", channelId],
    state: useLocalSearchState([] as const),
    load: (q: { page?: number; page_size?: number }) => api.notifications.deliveries({ ...q, id: channelId }),
    refetchInterval: (page) => (page?.data.some((d) => d.status === "pending" || d.status === "failed") ? 5_000 : false),
  });
  return (
    <ListTable
      list={list}
      title="Deliveries"
      noun="deliveries"
      description="Newest first. A failed delivery is retried; one that keeps failing is given up."
      actions={<Button iconName="refresh" ariaLabel="Refresh deliveries" onClick={() => void list.query.refetch()} loading={list.query.isFetching && !list.query.isLoading} />}
      empty={{ title: "No deliveries", subtitle: "Nothing has been sent to this channel yet." }}
      wrapLines
      columnDefinitions={[
        { id: "event", header: "Event", cell: (d) => d.eventType, isRowHeader: true },
        { id: "status", header: "Status", cell: (d) => <DeliveryStatusIndicator status={d.status} /> },
        { id: "attempts", header: "Attempts", cell: (d) => d.attempts },
        { id: "code", header: "Response", cell: (d) => d.responseCode || "-" },
        { id: "error", header: "Last error", cell: (d) => d.lastError || <Box color="text-status-inactive">-</Box> },
        { id: "created", header: "Created", cell: (d) => formatDate(d.createdAt) },
        { id: "updated", header: "Updated", cell: (d) => formatDate(d.updatedAt) },
        { id: "eventId", header: "Event id", cell: (d) => <Box variant="code">{d.eventId}</Box> },
      ]}
    />
  );
}
