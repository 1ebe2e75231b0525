// One security alert: what the monitor found, who it is about, how it was
// handled (acknowledged, resolved with a comment), and its evidence: the
// audit entries that raised it, with a link to the audit log filtered to
// them.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import Textarea from "@cloudscape-design/components/textarea";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router";
import { ApiError, fieldError } from "../../api/errors";
import type { AlertDetail as AlertWithEvidence, AuditEntry } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { ModalFooter } from "../../components/Actions";
import { useFlash } from "../../components/flash";
import { Loaded } from "../../components/Loading";
import { RouterLink } from "../../components/RouterLink";
import { AlertStatusIndicator, SeverityIndicator } from "../../components/status";
import { formatDate, formatWhen, humanize } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { useUserNames } from "../approvals/parts";
import { resolveProblem, useRuleTitles } from "./AlertList";
import { evidenceHref } from "./evidence";
import { InfoLink } from "../../help/InfoLink";

export default function AlertDetail() {
  const { id = "" } = useParams();
  const api = useApi();
  const q = useQuery({ queryKey: ["alerts", "detail", id], queryFn: () => api.alerts.detail(id) });
  useBreadcrumbs([
    { text: "Security alerts", href: "/alerts" },
    { text: q.data?.title ?? id, href: `/alerts/${id}` },
  ]);
  return (
    <Loaded query={q} text="Loading alert">
      {(a) => <AlertView alert={a} />}
    </Loaded>
  );
}

const resultKind = { success: "success", failure: "error", denied: "warning" } as const;

function AlertView({ alert: a }: { alert: AlertWithEvidence }) {
  const api = useApi();
  const perms = usePermissions();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const users = useUserNames();
  const titles = useRuleTitles();
  const [resolving, setResolving] = useState(false);
  const [comment, setComment] = useState("");
  const [touched, setTouched] = useState(false);
  const canUpdate = perms.can("button:alert-update");
  const changed = (text: string) => {
    flash.success(text);
    void queryClient.invalidateQueries({ queryKey: ["alerts"] });
  };
  const onStale = (err: Error) => {
    if (err instanceof ApiError && err.code === "CONFLICT") void queryClient.invalidateQueries({ queryKey: ["alerts"] });
  };
  const acknowledge = useApiMutation({
    mutationFn: () => api.alerts.acknowledge(a.id, a.version),
    errorHeader: "The alert was not acknowledged",
    onSuccess: () => changed(`Acknowledged "${a.title}".`),
    onError: onStale,
  });
  const resolve = useApiMutation({
    mutationFn: () => api.alerts.resolve(a.id, comment.trim(), a.version),
    fields: ["comment"],
    errorHeader: "The alert was not resolved",
    onSuccess: () => {
      setResolving(false);
      changed(`Resolved "${a.title}".`);
    },
    onError: (err) => {
      if (!(err instanceof ApiError && err.code === "VALIDATION_ERROR")) setResolving(false);
      onStale(err);
    },
  });
  const name = (id: string | undefined) => (id ? (users.get(id) ?? id) : "-");
  const problem = (touched ? resolveProblem(comment) : undefined) ?? fieldError(resolve.error, "comment");

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          info={<InfoLink topic="alerts" />}
          description={a.message}
          actions={
            canUpdate &&
            a.status !== "resolved" && (
              <SpaceBetween direction="horizontal" size="xs">
                {a.status === "open" && (
                  <Button loading={acknowledge.isPending} onClick={() => acknowledge.mutate()}>
                    Acknowledge
                  </Button>
                )}
                <Button
                  variant="primary"
                  onClick={() => {
                    setComment("");
                    setTouched(false);
                    setResolving(true);
                  }}
                >
                  Resolve
                </Button>
              </SpaceBetween>
            )
          }
        >
          {a.title}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Container header={<Header variant="h2">Details</Header>}>
          <KeyValuePairs
            columns={3}
            items={[
              { label: "Severity", value: <SeverityIndicator severity={a.severity} /> },
              { label: "Status", value: <AlertStatusIndicator status={a.status} /> },
              { label: "Rule", value: titles.get(a.rule) ?? a.rule },
              { label: "About", value: a.subjectName ? `${a.subjectName} (${a.subject})` : a.subject },
              { label: "Raised", value: formatWhen(a.firedAt) },
              { label: "Notified", value: a.notifiedAt ? formatDate(a.notifiedAt) : "Not yet" },
              { label: "Acknowledged", value: a.acknowledgedAt ? `By ${name(a.acknowledgedBy)} ${formatDate(a.acknowledgedAt)}` : "-" },
              { label: "Resolved", value: a.resolvedAt ? `By ${name(a.resolvedBy)} ${formatDate(a.resolvedAt)}` : "-" },
              { label: "Resolution", value: a.resolveComment || "-" },
            ]}
          />
        </Container>
        <Table<AuditEntry>
          variant="container"
          items={a.evidenceEntries}
          trackBy="id"
          wrapLines
          ariaLabels={{ tableLabel: "Evidence" }}
          header={
            <Header
              variant="h2"
              counter={`(${a.evidence.length})`}
              description="The audit entries that raised the alert."
              actions={
                perms.can("menu:audit") &&
                a.evidenceEntries.length > 0 && (
                  <RouterLink href={evidenceHref(a.evidenceEntries)} variant="primary">
                    View in the audit log
                  </RouterLink>
                )
              }
            >
              Evidence
            </Header>
          }
          empty={<Box textAlign="center">The evidence is no longer in the audit log.</Box>}
          footer={
            a.missingEvidence && a.missingEvidence.length > 0 ? (
              <Alert type="info">
                {a.missingEvidence.length} of the entries are no longer in this workspace's audit log (expired, or failed sign-ins of names no workspace knows).
              </Alert>
            ) : undefined
          }
          columnDefinitions={[
            { id: "time", header: "Time", cell: (e) => formatDate(e.timestamp), isRowHeader: true },
            { id: "actor", header: "Actor", cell: (e) => e.actorName || e.actor || "-" },
            { id: "action", header: "Action", cell: (e) => e.action },
            { id: "resource", header: "Resource", cell: (e) => `${e.resourceType}${e.resourceId ? ` ${e.resourceId}` : ""}` },
            {
              id: "result",
              header: "Result",
              cell: (e) => (
                <StatusIndicator type={resultKind[e.result] ?? "info"}>
                  {humanize(e.result)}
                  {e.error ? `: ${e.error}` : ""}
                </StatusIndicator>
              ),
            },
            { id: "ip", header: "Source IP", cell: (e) => e.ip || "-" },
          ]}
        />
      </SpaceBetween>
      <Modal
        visible={resolving}
        header="Resolve alert"
        onDismiss={() => setResolving(false)}
        closeAriaLabel="Close"
        footer={
          <ModalFooter
            submitText="Resolve"
            loading={resolve.isPending}
            onCancel={() => setResolving(false)}
            onSubmit={() => {
              setTouched(true);
              if (!resolveProblem(comment)) resolve.mutate();
            }}
          />
        }
      >
        <SpaceBetween size="m">
          <Box>Resolve "{a.title}"? The comment is kept with it.</Box>
          <FormField label="Why it is resolved" description="What you found, and what was done about it." errorText={problem}>
            <Textarea value={comment} onChange={(e) => setComment(e.detail.value)} rows={3} ariaRequired />
          </FormField>
        </SpaceBetween>
      </Modal>
    </ContentLayout>
  );
}
