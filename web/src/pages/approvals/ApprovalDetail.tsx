// One approval request: what it asks in words, what the held call would
// change (its body against the credential or user as it is now), the steps
// with who approves each and how far it got, its history, and the result
// once it ran. An eligible approver approves or rejects it (with a
// comment); its requester may cancel it while it waits.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router";
import { ApiError } from "../../api/errors";
import type { ApprovalRequest } from "../../api/types";
import { useApi, useSessionState } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { useFlash } from "../../components/flash";
import { Loaded } from "../../components/Loading";
import { RouterLink } from "../../components/RouterLink";
import { ApprovalStatusIndicator } from "../../components/status";
import { formatDate, formatWhen } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { changesOf, decision, describeRequest, hours, operationLabel, payloadOf, resourceName, stepLabel, type Change } from "./describe";
import { DecisionModal, RequestHistory, RequestSteps, useUserNames, type DecisionKind } from "./parts";
import { InfoLink } from "../../help/InfoLink";

export default function ApprovalDetail() {
  const { id = "" } = useParams();
  const api = useApi();
  const q = useQuery({
    queryKey: ["approvals", "detail", id],
    queryFn: () => api.approvals.request(id),
    // Others decide: follow a pending request.
    refetchInterval: (query) => (query.state.data?.status === "pending" ? 10_000 : false),
  });
  const target = useTarget(q.data);
  useBreadcrumbs([
    { text: "Approvals", href: "/approvals" },
    { text: q.data ? describeRequest(q.data, resourceName(q.data.resourceType, target.data)) : id, href: `/approvals/${id}` },
  ]);
  return (
    <Loaded query={q} text="Loading request">
      {(r) => <RequestView req={r} />}
    </Loaded>
  );
}

/** The credential or user a held call acts on, as it is now (when the caller may read it). */
function useTarget(req: ApprovalRequest | undefined) {
  const api = useApi();
  const perms = usePermissions();
  const id = req?.resourceId ?? "";
  const type = req?.kind === "operation" && id ? req.resourceType : undefined;
  const enabled = (type === "credential" && perms.can("menu:credentials")) || (type === "user" && perms.can("menu:users"));
  const q = useQuery<Record<string, unknown>>({
    queryKey: [type === "user" ? "users" : "credentials", "detail", id],
    queryFn: async () => (type === "user" ? api.users.detail(id) : api.credentials.detail(id)) as unknown as Promise<Record<string, unknown>>,
    enabled,
    retry: false,
  });
  return { data: q.data, error: q.error, compared: enabled };
}

function RequestView({ req }: { req: ApprovalRequest }) {
  const api = useApi();
  const flash = useFlash();
  const perms = usePermissions();
  const queryClient = useQueryClient();
  const me = useSessionState()?.user;
  const users = useUserNames();
  const target = useTarget(req);
  const [deciding, setDeciding] = useState<DecisionKind | null>(null);
  const name = resourceName(req.resourceType, target.data);
  const what = describeRequest(req, name);
  const may = decision(req, { id: me?.id ?? "", role: perms.role });
  const mine = req.requestedBy === me?.id;

  const decide = useApiMutation({
    mutationFn: ({ kind, comment }: { kind: DecisionKind; comment: string }) => {
      const body = { id: req.id, comment: comment || undefined };
      return kind === "approve" ? api.approvals.approve(body) : kind === "reject" ? api.approvals.reject(body) : api.approvals.cancel(body);
    },
    fields: ["comment"],
    errorHeader: "The request was not decided",
    onSuccess: (r, { kind }) => {
      queryClient.setQueryData(["approvals", "detail", r.id], r);
      setDeciding(null);
      if (kind === "approve" && r.status === "approved") {
        // The operation ran (or the access was granted): whatever it changed is stale.
        void queryClient.invalidateQueries();
        const failed = r.result && r.result.status >= 300;
        if (failed) flash.failure("Approved, but the operation was not done", r.result?.body || `It answered ${r.result?.status}.`);
        else flash.success(`Approved: ${describeRequest(r, name)}. ${r.kind === "access" ? "The access is granted." : "It was done."}`);
      } else {
        void queryClient.invalidateQueries({ queryKey: ["approvals"] });
        flash.success(kind === "approve" ? `Approved step ${r.currentStep}: it moves to step ${r.currentStep + 1}.` : kind === "reject" ? "Rejected: nothing is done." : "Cancelled: nothing is done.");
      }
    },
    onError: (err) => {
      if (err instanceof ApiError && (err.code === "CONFLICT" || err.code === "FORBIDDEN" || err.code === "NOT_FOUND")) {
        setDeciding(null);
        void queryClient.invalidateQueries({ queryKey: ["approvals"] });
      }
    },
  });

  const pending = req.status === "pending";
  const failed = req.result !== undefined && req.result.status >= 300;
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          info={<InfoLink topic="approvals" />}
          description={`Requested by ${req.requestedByName || req.requestedBy} ${formatDate(req.createdAt)}`}
          actions={
            pending && (
              <SpaceBetween direction="horizontal" size="xs">
                {mine && <Button onClick={() => setDeciding("cancel")}>Cancel request</Button>}
                {may.may && <Button onClick={() => setDeciding("reject")}>Reject</Button>}
                {may.may && (
                  <Button variant="primary" onClick={() => setDeciding("approve")}>
                    Approve
                  </Button>
                )}
              </SpaceBetween>
            )
          }
        >
          {what}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {pending && !may.may && !mine && <Alert type="info">{may.why}</Alert>}
        {pending && mine && (
          <Alert type="info">Nothing is done until the last step approves it. You may cancel the request while it waits.</Alert>
        )}
        <Container header={<Header variant="h2">Request</Header>}>
          <KeyValuePairs
            columns={3}
            items={[
              { label: "Status", value: <ApprovalStatusIndicator status={req.status} failed={failed} /> },
              { label: "Kind", value: req.kind === "access" ? "Access for a while" : "Held operation" },
              ...(req.kind === "access"
                ? [
                    { label: "Permissions", value: <Codes values={req.permissions ?? []} /> },
                    { label: "For", value: hours(req.durationHours) },
                    { label: "Reason", value: req.reason || "-" },
                  ]
                : [
                    { label: "Operation", value: `${operationLabel(req.operation ?? "")} (${req.operation})` },
                    { label: "Call", value: <Box variant="code">{req.route ?? "-"}</Box> },
                    { label: "Acts on", value: req.resourceId ? `${req.resourceType} ${name ? `${name} (${req.resourceId})` : req.resourceId}` : "-" },
                  ]),
              { label: "Requested by", value: req.requestedByName || req.requestedBy },
              { label: "Step", value: stepLabel(req) },
              { label: "Deadline", value: pending && req.stepDeadline ? formatWhen(req.stepDeadline) : "-" },
            ]}
          />
        </Container>
        {req.kind === "operation" && <Changes req={req} compared={target.compared} target={target.data} targetError={target.error} name={name} />}
        <Container header={<Header variant="h2" counter={`(${req.steps.length})`} description="Each step is decided in turn, within its time; a step left undecided expires the request.">Approval steps</Header>}>
          <RequestSteps req={req} users={users} />
        </Container>
        {req.executed && <Result req={req} />}
        <Container header={<Header variant="h2">History</Header>}>
          <RequestHistory req={req} />
        </Container>
      </SpaceBetween>
      <DecisionModal
        kind={deciding}
        what={what}
        loading={decide.isPending}
        error={decide.error}
        onSubmit={(kind, comment) => decide.mutate({ kind, comment })}
        onDismiss={() => setDeciding(null)}
      />
    </ContentLayout>
  );
}

function Codes({ values }: { values: readonly string[] }) {
  if (values.length === 0) return <>-</>;
  return (
    <SpaceBetween size="xxxs">
      {values.map((v) => (
        <Box key={v} variant="code">
          {v}
        </Box>
      ))}
    </SpaceBetween>
  );
}

/** What the held call would change: its body's fields, now and requested. */
function Changes({
  req,
  compared,
  target,
  targetError,
  name,
}: {
  req: ApprovalRequest;
  /** The resource as it is now was read (a credential or a user the caller may read). */
  compared: boolean;
  target: Record<string, unknown> | undefined;
  targetError: unknown;
  name?: string;
}) {
  // Once the request ended, what the resource is now says nothing about it.
  const live = compared && req.status === "pending";
  const current = live && !targetError ? target : undefined;
  const changes = changesOf(req, current, name);
  const nowVersion = typeof current?.version === "number" ? current.version : undefined;
  const stale = req.status === "pending" && req.resourceVersion !== undefined && req.resourceVersion > 0 && nowVersion !== undefined && nowVersion !== req.resourceVersion;
  const gone = targetError instanceof ApiError && targetError.code === "NOT_FOUND";
  const body = JSON.stringify(
    Object.fromEntries(Object.entries(payloadOf(req)).map(([k, v]) => [k, /secret|password|token/i.test(k) ? "(hidden)" : v])),
    null,
    2,
  );
  return (
    <Container
      header={
        <Header variant="h2" description={live ? `The held call against the ${req.resourceType} as it is now.` : "What the held call sets."}>
          What it changes
        </Header>
      }
    >
      <SpaceBetween size="m">
        {stale && (
          <Alert type="warning" header={`The ${req.resourceType} changed after the request was made`}>
            It was at version {req.resourceVersion} then and is at version {nowVersion} now: the approved call will not run. Ask for it again.
          </Alert>
        )}
        {live && gone && <Alert type="warning">The {req.resourceType} is not found: it may be gone already.</Alert>}
        {changes.length > 0 && (
          <Table<Change>
            variant="embedded"
            ariaLabels={{ tableLabel: "Changes" }}
            items={changes}
            trackBy="field"
            columnDefinitions={[
              { id: "field", header: "Field", cell: (c) => c.label, isRowHeader: true },
              ...(live ? [{ id: "now", header: "Now", cell: (c: Change) => c.now }] : []),
              {
                id: "requested",
                header: "Requested",
                cell: (c: Change) => (c.now !== c.requested && live ? <StatusIndicator type="warning">{c.requested}</StatusIndicator> : c.requested),
              },
            ]}
          />
        )}
        <ExpandableSection headerText="Body of the held call">
          <pre style={{ margin: 0, whiteSpace: "pre-wrap" }}>{body}</pre>
        </ExpandableSection>
      </SpaceBetween>
    </Container>
  );
}

/** How the approved request ended: done, granted, or why not. */
function Result({ req }: { req: ApprovalRequest }) {
  const perms = usePermissions();
  const r = req.result;
  if (!r) return null;
  const ok = r.status < 300;
  const executed = [...req.history].reverse().find((h) => h.decision === "executed" || h.decision === "failed");
  return (
    <Container header={<Header variant="h2">Result</Header>}>
      <SpaceBetween size="s">
        <StatusIndicator type={ok ? "success" : "error"}>
          {req.kind === "access" ? (ok ? "Access granted" : "Access not granted") : ok ? `Done (the API answered ${r.status})` : `Not done (the API answered ${r.status})`}
        </StatusIndicator>
        {executed?.comment && <Box>{executed.comment}</Box>}
        {r.body && !ok && <pre style={{ margin: 0, whiteSpace: "pre-wrap" }}>{r.body}</pre>}
        {r.grantId && perms.can("menu:grants") && <RouterLink href="/approvals/grants">View the grant</RouterLink>}
      </SpaceBetween>
    </Container>
  );
}
