// Where a 403's apply link lands (/permissions/apply?permission=<key>):
// files an access request for the missing permissions, for a number of
// hours, with the reason the approvers read; then follows the request
// (?request=<id>): its status, steps and history, until it is decided.
// Once approved, the new permissions arrive within seconds, and the pages
// they open are linked. A role that may not request access gets the
// request as text to send to an administrator instead.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Multiselect from "@cloudscape-design/components/multiselect";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { fieldError } from "../../api/errors";
import { PERMISSION_UI, PERMISSIONS } from "../../api/generated/contract";
import type { ApprovalRequest, PermissionKey } from "../../api/types";
import { useApi, useSessionState } from "../../app/services";
import { isPermissionKey, permissionsFrom, permissionsKey, usePermissions } from "../../auth/permissions";
import { Actions } from "../../components/Actions";
import { Loaded, Loading } from "../../components/Loading";
import { RouterLink } from "../../components/RouterLink";
import { ApprovalStatusIndicator } from "../../components/status";
import { formatDate, formatRelative, formatWhen, roleLabel } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { NAV } from "../../layout/nav";
import { hours, stepLabel } from "../approvals/describe";
import { RequestHistory, RequestSteps, useUserNames } from "../approvals/parts";
import { accessProblems, MAX_ACCESS_HOURS, UNGRANTABLE, type AccessForm } from "./access";
import { InfoLink } from "../../help/InfoLink";

export default function ApplyPermission() {
  const [params, setParams] = useSearchParams();
  const requestId = params.get("request");
  const asked = params
    .getAll("permission")
    .flatMap((p) => p.split(","))
    .map((p) => p.trim())
    .filter(Boolean);
  useBreadcrumbs([{ text: "Request access", href: `/permissions/apply${params.size ? `?${params.toString()}` : ""}` }]);
  return (
    <ContentLayout
      header={
        <Header variant="h1" info={<InfoLink topic="access-requests" />} description="Permissions for a while, once the approvers agree. They end by themselves.">
          Request access
        </Header>
      }
    >
      {requestId ? (
        <FiledRequest id={requestId} />
      ) : (
        <RequestForm
          asked={asked}
          onFiled={(r) => {
            const next = new URLSearchParams(params);
            next.set("request", r.id);
            setParams(next);
          }}
        />
      )}
    </ContentLayout>
  );
}

function RequestForm({ asked, onFiled }: { asked: string[]; onFiled: (r: ApprovalRequest) => void }) {
  const api = useApi();
  const perms = usePermissions();
  const navigate = useNavigate();
  const session = useSessionState();
  const known = asked.filter(isPermissionKey);
  const unknown = asked.filter((p) => !isPermissionKey(p));
  const held = known.filter((p) => perms.has(p));
  const [form, setForm] = useState<AccessForm>(() => ({ permissions: known.filter((p) => !perms.has(p) && !UNGRANTABLE.includes(p)), reason: "", hours: "1" }));
  const [touched, setTouched] = useState(false);
  const file = useApiMutation({
    mutationFn: () => api.approvals.requestAccess({ kind: "access", permissions: form.permissions, reason: form.reason.trim(), durationHours: Number(form.hours.trim()) }),
    fields: ["permissions", "reason", "durationHours"],
    errorHeader: "The request was not filed",
    onSuccess: onFiled,
  });

  if (!perms.loaded) return <Loading text="Loading permissions" />;
  if (!perms.can("button:access-request")) {
    const text = `Please grant ${session?.user.username ?? "me"} the CloudCensus permission${asked.length === 1 ? "" : "s"} ${asked.join(", ") || "I need"}.`;
    return (
      <Container header={<Header variant="h2">Ask an administrator</Header>}>
        <SpaceBetween size="m">
          <KeyValuePairs
            columns={2}
            items={[
              { label: "Missing permission", value: asked.length ? asked.map((p) => <Box key={p} variant="code">{p}</Box>) : "-" },
              { label: "Your role", value: perms.role ? roleLabel(perms.role) : "-" },
            ]}
          />
          <Box>Your role may not request access here. Send this request to a workspace administrator, who can change your role or its permissions.</Box>
          <CopyToClipboard variant="button" textToCopy={text} copyButtonText="Copy request" copySuccessText="Request copied" copyErrorText="Could not copy" />
        </SpaceBetween>
      </Container>
    );
  }

  const problems = touched ? accessProblems(form) : {};
  const options = PERMISSIONS.map((p) => ({
    value: p,
    label: p,
    disabled: perms.has(p) || UNGRANTABLE.includes(p),
    description: perms.has(p) ? "You hold it already" : UNGRANTABLE.includes(p) ? "Not granted for a while: it changes who approves" : undefined,
  }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(accessProblems(form)).length === 0) file.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Form actions={<Actions submitText="Request access" loading={file.isPending} onCancel={() => navigate(-1)} submitsForm />}>
        <SpaceBetween size="l">
          {held.length > 0 && (
            <Alert type="success" header={`You hold ${held.join(", ")} now`}>
              Your permissions changed since the refusal: try again.
            </Alert>
          )}
          {unknown.length > 0 && <Alert type="warning">{unknown.join(", ")} is not a CloudCensus permission.</Alert>}
          <Container header={<Header variant="h2" description="The approvers read what you ask and why.">Access request</Header>}>
            <SpaceBetween size="l">
              <FormField label="Permissions" description="What you need, as the refusal named it." errorText={problems.permissions ?? fieldError(file.error, "permissions")}>
                <Multiselect
                  selectedOptions={options.filter((o) => form.permissions.includes(o.value))}
                  options={options}
                  onChange={(e) => setForm({ ...form, permissions: e.detail.selectedOptions.map((o) => o.value ?? "").filter(Boolean) })}
                  filteringType="auto"
                  placeholder="Choose permissions"
                  ariaLabel="Permissions"
                  deselectAriaLabel={(o) => `Remove ${o.label ?? o.value}`}
                  virtualScroll
                />
              </FormField>
              <FormField label="Reason" description="Why you need them, and for what work." errorText={problems.reason ?? fieldError(file.error, "reason")}>
                <Textarea value={form.reason} onChange={(e) => setForm({ ...form, reason: e.detail.value })} rows={3} ariaRequired placeholder="Review last week's sign-ins for the quarterly audit" />
              </FormField>
              <FormField
                label="For how many hours"
                constraintText={`1 to ${MAX_ACCESS_HOURS} hours (a week). The access ends by itself after that.`}
                errorText={problems.hours ?? fieldError(file.error, "durationHours")}
              >
                <Input type="number" inputMode="numeric" value={form.hours} onChange={(e) => setForm({ ...form, hours: e.detail.value })} ariaRequired />
              </FormField>
            </SpaceBetween>
          </Container>
        </SpaceBetween>
      </Form>
    </form>
  );
}

/** The pages a permission opens, by the side navigation's links. */
export function pagesOpenedBy(permissions: readonly string[]): { text: string; href: string }[] {
  const ui = new Set(permissions.flatMap((p) => (isPermissionKey(p) ? PERMISSION_UI[p] : [])));
  return NAV.flatMap((s) => s.links).filter((l) => ui.has(l.ui));
}

/** When an approved access request's grant ends: its run's time plus its hours. */
export function grantEnd(req: ApprovalRequest): string | undefined {
  const ran = req.history.find((h) => h.decision === "executed");
  if (!ran || !req.durationHours) return undefined;
  return new Date(new Date(ran.at).getTime() + req.durationHours * 3600_000).toISOString();
}

function FiledRequest({ id }: { id: string }) {
  const api = useApi();
  const q = useQuery({
    queryKey: ["approvals", "detail", id],
    queryFn: () => api.approvals.request(id),
    refetchInterval: (query) => (query.state.data?.status === "pending" ? 5_000 : false),
  });
  return (
    <Loaded query={q} text="Loading the request">
      {(r) => <FiledView req={r} />}
    </Loaded>
  );
}

function FiledView({ req }: { req: ApprovalRequest }) {
  const api = useApi();
  const users = useUserNames();
  const session = useSessionState();
  const queryClient = useQueryClient();
  const asked = (req.permissions ?? []).filter(isPermissionKey) as PermissionKey[];
  const granted = req.status === "approved" && req.executed && (req.result?.status ?? 0) < 300;
  const userId = session?.user.id;
  // Once granted, the permissions arrive within seconds: ask until they have.
  const current = useQuery({
    queryKey: permissionsKey(userId),
    queryFn: () => api.auth.permissions(),
    enabled: userId !== undefined,
    refetchInterval: (query) => (granted && !asked.every((p) => permissionsFrom(query.state.data).has(p)) ? 3_000 : false),
  });
  const holds = granted && asked.every((p) => permissionsFrom(current.data).has(p));
  const end = grantEnd(req);
  const pages = pagesOpenedBy(asked);

  return (
    <SpaceBetween size="l">
      {req.status === "pending" && (
        <Alert type="info" header="Sent for approval">
          The approvers see your request in their approvals inbox. This page follows it.
        </Alert>
      )}
      {granted && (
        <Alert
          type={holds ? "success" : "info"}
          header={holds ? `You hold ${asked.join(", ")} now` : "Approved: your access arrives within seconds"}
          action={!holds && <Button onClick={() => void queryClient.invalidateQueries({ queryKey: ["permissions"] })}>Check again</Button>}
        >
          <SpaceBetween size="xxs">
            <span>{end ? `The access ends ${formatRelative(end)}, at ${formatDate(end)}.` : `The access lasts ${hours(req.durationHours)}.`}</span>
            {holds && pages.map((p) => <RouterLink key={p.href} href={p.href}>{`Open ${p.text}`}</RouterLink>)}
          </SpaceBetween>
        </Alert>
      )}
      {(req.status === "rejected" || req.status === "expired" || req.status === "cancelled") && (
        <Alert type="warning" header={`The request was ${req.status}`}>
          Nothing was granted. You may make a new request.
        </Alert>
      )}
      <Container
        header={
          <Header variant="h2" actions={<RouterLink href={`/approvals/${req.id}`}>View the request</RouterLink>}>
            Your access request
          </Header>
        }
      >
        <KeyValuePairs
          columns={3}
          items={[
            { label: "Status", value: <ApprovalStatusIndicator status={req.status} failed={req.result !== undefined && req.result.status >= 300} /> },
            { label: "Permissions", value: (req.permissions ?? []).map((p) => <Box key={p} variant="code">{p}</Box>) },
            { label: "For", value: hours(req.durationHours) },
            { label: "Reason", value: req.reason || "-" },
            { label: "Step", value: stepLabel(req) },
            { label: "Deadline", value: req.status === "pending" && req.stepDeadline ? formatWhen(req.stepDeadline) : "-" },
          ]}
        />
      </Container>
      <Container header={<Header variant="h2">Approval steps</Header>}>
        <RequestSteps req={req} users={users} />
      </Container>
      <Container header={<Header variant="h2">History</Header>}>
        <RequestHistory req={req} />
      </Container>
    </SpaceBetween>
  );
}
