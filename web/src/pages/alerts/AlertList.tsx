// Security alerts the monitor raised from the audit log, newest first,
// filtered by status, severity and rule; acknowledge the selected open
// ones (someone is looking into them) or resolve them with a comment.

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import FormField from "@cloudscape-design/components/form-field";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../../app/services";
import { Can, usePermissions } from "../../auth/permissions";
import { ModalFooter } from "../../components/Actions";
import { ListTable } from "../../components/ListTable";
import { RouterLink } from "../../components/RouterLink";
import { ALERT_SEVERITIES, ALERT_STATUSES, AlertStatusIndicator, SeverityIndicator } from "../../components/status";
import { FilterSelect } from "../../components/table";
import { formatDate, formatRelative, humanize } from "../../format";
import { useBulkAction } from "../../hooks/useBulkAction";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { InfoLink } from "../../help/InfoLink";

/** The rules' titles by id, for the filter and the table. */
export function useRuleTitles(): ReadonlyMap<string, string> {
  const api = useApi();
  const rules = useQuery({ queryKey: ["alerts", "rules"], queryFn: api.alerts.rules, staleTime: 60_000 });
  return new Map((rules.data?.data ?? []).map((r) => [r.id, r.title]));
}

export const MAX_RESOLVE_COMMENT = 1000;

/** What keeps a resolve comment from being sent. */
export function resolveProblem(comment: string): string | undefined {
  const t = comment.trim();
  if (!t) return "Say why the alert is resolved.";
  if ([...t].length > MAX_RESOLVE_COMMENT) return `At most ${MAX_RESOLVE_COMMENT.toLocaleString("en-US")} characters.`;
  return undefined;
}

export default function AlertList() {
  useBreadcrumbs([{ text: "Security alerts", href: "/alerts" }]);
  const api = useApi();
  const perms = usePermissions();
  const navigate = useNavigate();
  const titles = useRuleTitles();
  const alerts = usePagedList({
    queryKey: ["alerts", "list"],
    state: useSearchState(["status", "severity", "rule"] as const),
    load: api.alerts.list,
    // The monitor runs every minute.
    refetchInterval: () => 30_000,
  });
  const { selected } = alerts;
  const [comment, setComment] = useState("");
  const [touched, setTouched] = useState(false);
  const acknowledge = useBulkAction(alerts, {
    run: (a) => api.alerts.acknowledge(a.id, a.version),
    done: (n) => `Acknowledged ${n} alert${n === 1 ? "" : "s"}.`,
    invalidate: [["alerts"]],
  });
  const resolve = useBulkAction(alerts, {
    run: (a) => api.alerts.resolve(a.id, comment.trim(), a.version),
    done: (n) => `Resolved ${n} alert${n === 1 ? "" : "s"}.`,
    invalidate: [["alerts"]],
  });
  const canUpdate = perms.can("button:alert-update");
  const notOpen = selected.find((a) => a.status !== "open");
  const resolved = selected.find((a) => a.status === "resolved");
  const problem = touched ? resolveProblem(comment) : undefined;
  const closeResolve = () => {
    resolve.confirm.onDismiss();
    setComment("");
    setTouched(false);
  };

  return (
    <>
      <ListTable
        list={alerts}
        variant="full-page"
        title="Security alerts"
        info={<InfoLink topic="alerts" />}
        noun="alerts"
        wrapLines
        selectionType={canUpdate ? "multi" : undefined}
        itemName={(a) => a.title}
        description="What the security monitor found in the audit log: repeated failed sign-ins, raised roles, off-hours administration and more."
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void alerts.query.refetch()} loading={alerts.query.isFetching && !alerts.query.isLoading} />
            <Can ui="menu:alert-rules">
              <Button onClick={() => navigate("/alerts/rules")}>Rules</Button>
            </Can>
            {canUpdate && (
              <Button
                disabled={selected.length === 0 || !!notOpen}
                disabledReason={notOpen ? `"${notOpen.title}" is ${notOpen.status}: only open alerts are acknowledged.` : undefined}
                loading={acknowledge.isPending}
                onClick={acknowledge.run}
              >
                Acknowledge
              </Button>
            )}
            {canUpdate && (
              <Button
                variant="primary"
                disabled={selected.length === 0 || !!resolved}
                disabledReason={resolved ? `"${resolved.title}" is resolved already.` : undefined}
                onClick={() => {
                  setComment("");
                  setTouched(false);
                  resolve.ask();
                }}
              >
                Resolve
              </Button>
            )}
          </SpaceBetween>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <FilterSelect state={alerts} name="status" any="Any status" options={ALERT_STATUSES.map((s) => ({ value: s, label: humanize(s) }))} label="Filter by status" inlineLabel="Status" />
            <FilterSelect
              state={alerts}
              name="severity"
              any="Any severity"
              options={ALERT_SEVERITIES.map((s) => ({ value: s, label: humanize(s) }))}
              label="Filter by severity"
              inlineLabel="Severity"
            />
            <FilterSelect state={alerts} name="rule" any="Any rule" options={[...titles].map(([value, label]) => ({ value, label }))} label="Filter by rule" inlineLabel="Rule" />
          </SpaceBetween>
        }
        empty={{ title: "No alerts", subtitle: "Nothing matches these filters." }}
        columnDefinitions={[
          { id: "title", header: "Alert", isRowHeader: true, cell: (a) => <RouterLink href={`/alerts/${a.id}`}>{a.title}</RouterLink> },
          { id: "severity", header: "Severity", minWidth: 110, cell: (a) => <SeverityIndicator severity={a.severity} /> },
          { id: "status", header: "Status", minWidth: 150, cell: (a) => <AlertStatusIndicator status={a.status} /> },
          { id: "subject", header: "Subject", cell: (a) => a.subjectName || a.subject },
          { id: "message", header: "What happened", cell: (a) => a.message },
          { id: "rule", header: "Rule", cell: (a) => titles.get(a.rule) ?? a.rule },
          {
            id: "raised",
            header: "Raised",
            minWidth: 160,
            cell: (a) => (
              <SpaceBetween size="xxxs">
                <span>{formatRelative(a.firedAt)}</span>
                <Box variant="small">{formatDate(a.firedAt)}</Box>
              </SpaceBetween>
            ),
          },
        ]}
      />
      <Modal
        visible={resolve.confirm.visible}
        header="Resolve alerts"
        onDismiss={closeResolve}
        closeAriaLabel="Close"
        footer={
          <ModalFooter
            submitText="Resolve"
            loading={resolve.isPending}
            onCancel={closeResolve}
            onSubmit={() => {
              setTouched(true);
              if (!resolveProblem(comment)) resolve.run();
            }}
          />
        }
      >
        <SpaceBetween size="m">
          <Box>
            Resolve {selected.length === 1 ? `"${selected[0]?.title}"` : `${selected.length} alerts`}? The comment is kept with {selected.length === 1 ? "it" : "each"}.
          </Box>
          <FormField label="Why it is resolved" description="What you found, and what was done about it." errorText={problem}>
            <Textarea value={comment} onChange={(e) => setComment(e.detail.value)} rows={3} ariaRequired />
          </FormField>
        </SpaceBetween>
      </Modal>
    </>
  );
}
