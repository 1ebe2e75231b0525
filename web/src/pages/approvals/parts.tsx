// Pieces the approval pages share: who approves each step and how far the
// request got, its history as a timeline, the dialog of a decision, and
// the names of users and resources a request refers to by id.

import Box from "@cloudscape-design/components/box";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Steps from "@cloudscape-design/components/steps";
import Table from "@cloudscape-design/components/table";
import Textarea from "@cloudscape-design/components/textarea";
import { useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { fieldError } from "../../api/errors";
import type { ApprovalRequest, WorkflowStep } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { ModalFooter } from "../../components/Actions";
import { decisionKind } from "../../components/status";
import { formatDate, formatWhen, humanize } from "../../format";
import { approverLabel, minutes } from "./describe";

/** usernames by id, from the users list when the caller may read it. */
export function useUserNames(enabled = true): ReadonlyMap<string, string> {
  const api = useApi();
  const perms = usePermissions();
  const users = useQuery({
    queryKey: ["users", "options"],
    queryFn: () => api.users.list({ page_size: 100 }),
    enabled: enabled && perms.can("menu:users"),
    staleTime: 60_000,
  });
  return new Map((users.data?.data ?? []).map((u) => [u.id, u.username]));
}

/** credential names by id, from the credentials list when the caller may read it. */
export function useCredentialNames(enabled = true): ReadonlyMap<string, string> {
  const api = useApi();
  const perms = usePermissions();
  const creds = useQuery({
    queryKey: ["credentials", "options"],
    queryFn: () => api.credentials.list({ page_size: 100 }),
    enabled: enabled && perms.can("menu:credentials"),
    staleTime: 60_000,
  });
  return new Map((creds.data?.data ?? []).map((c) => [c.id, c.name]));
}

interface StepRow {
  step: WorkflowStep;
  state: ReactNode;
}

/** How far the request got at one step: decided (by whom), waiting (until when), or not reached. */
function stepState(req: ApprovalRequest, index: number, step: WorkflowStep): ReactNode {
  const decided = [...req.history].reverse().find((h) => h.step === step.order && (h.decision === "approved" || h.decision === "rejected"));
  if (decided) {
    return (
      <StatusIndicator type={decisionKind(decided.decision)}>
        {humanize(decided.decision)} by {decided.actorName || decided.actor} {formatDate(decided.at)}
      </StatusIndicator>
    );
  }
  if (index < req.currentStep || req.status === "approved") return <StatusIndicator type="success">Approved</StatusIndicator>;
  if (index === req.currentStep) {
    if (req.status === "pending") return <StatusIndicator type="pending">Waiting for a decision, {formatWhen(req.stepDeadline)}</StatusIndicator>;
    return <StatusIndicator type="stopped">{humanize(req.status)}</StatusIndicator>;
  }
  return <StatusIndicator type="stopped">Not reached</StatusIndicator>;
}

/** The request's steps: who approves each, the time each has, and how far the request got. */
export function RequestSteps({ req, users }: { req: ApprovalRequest; users: ReadonlyMap<string, string> }) {
  const rows: StepRow[] = req.steps.map((step, i) => ({ step, state: stepState(req, i, step) }));
  return (
    <Table<StepRow>
      variant="embedded"
      ariaLabels={{ tableLabel: "Approval steps" }}
      items={rows}
      trackBy={(r) => String(r.step.order)}
      empty={<Box>No steps</Box>}
      columnDefinitions={[
        { id: "order", header: "Step", cell: (r) => r.step.order, isRowHeader: true },
        { id: "approver", header: "Who approves", cell: (r) => approverLabel(r.step, users) },
        { id: "timeout", header: "Time to decide", cell: (r) => minutes(r.step.timeoutMinutes) },
        { id: "state", header: "State", cell: (r) => r.state },
      ]}
    />
  );
}

/** The request's history as a timeline, oldest first. */
export function RequestHistory({ req }: { req: ApprovalRequest }) {
  return (
    <Steps
      ariaLabel="History"
      steps={req.history.map((h) => ({
        status: decisionKind(h.decision),
        statusIconAriaLabel: humanize(h.decision),
        annotation: formatDate(h.at),
        header: `${humanize(h.decision)}${h.step > 0 ? ` (step ${h.step})` : ""} by ${h.actorName || h.actor}`,
        details: h.comment ? <Box variant="small">{h.comment}</Box> : undefined,
      }))}
    />
  );
}

export type DecisionKind = "approve" | "reject" | "cancel";

const decisionTexts: Record<DecisionKind, { title: string; submit: string; label: string; description: string; required: boolean }> = {
  approve: {
    title: "Approve request",
    submit: "Approve",
    label: "Comment (optional)",
    description: "Saved in the request's history.",
    required: false,
  },
  reject: {
    title: "Reject request",
    submit: "Reject",
    label: "Why it is rejected",
    description: "The requester reads it in the request's history. Nothing is done.",
    required: true,
  },
  cancel: {
    title: "Cancel request",
    submit: "Cancel request",
    label: "Comment (optional)",
    description: "Withdraws the request: nothing is done.",
    required: false,
  },
};

/** The dialog of a decision, with its comment (required to reject); each opening starts empty. */
export function DecisionModal({
  kind,
  what,
  loading,
  error,
  onSubmit,
  onDismiss,
}: {
  kind: DecisionKind | null;
  what: string;
  loading: boolean;
  error: unknown;
  onSubmit: (kind: DecisionKind, comment: string) => void;
  onDismiss: () => void;
}) {
  const t = decisionTexts[kind ?? "approve"];
  return (
    <Modal visible={kind !== null} header={t.title} onDismiss={onDismiss} closeAriaLabel="Close">
      {kind && <DecisionForm key={kind} kind={kind} what={what} loading={loading} error={error} onSubmit={onSubmit} onDismiss={onDismiss} />}
    </Modal>
  );
}

function DecisionForm({
  kind,
  what,
  loading,
  error,
  onSubmit,
  onDismiss,
}: {
  kind: DecisionKind;
  what: string;
  loading: boolean;
  error: unknown;
  onSubmit: (kind: DecisionKind, comment: string) => void;
  onDismiss: () => void;
}) {
  const [comment, setComment] = useState("");
  const [touched, setTouched] = useState(false);
  const t = decisionTexts[kind];
  const missing = t.required && !comment.trim() ? "Say why." : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!missing) onSubmit(kind, comment.trim());
      }}
      noValidate
    >
      <Form actions={<ModalFooter submitText={t.submit} loading={loading} onCancel={onDismiss} submitsForm />}>
        <SpaceBetween size="m">
          <Box>{what}</Box>
          <FormField label={t.label} description={t.description} errorText={(touched ? missing : undefined) ?? fieldError(error, "comment")}>
            <Textarea value={comment} onChange={(e) => setComment(e.detail.value)} rows={3} ariaRequired={t.required} />
          </FormField>
        </SpaceBetween>
      </Form>
    </form>
  );
}
