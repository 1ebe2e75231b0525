// The outcome of a scan in words, at the top of its page: what was not
// read, where, why and the fix (the denied IAM action, the region to
// enable), so nobody has to decode red coverage cells or log lines to learn
// that one account refused lambda:ListFunctions.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import type { TaskDetail } from "../../api/types";
import { AccountValue } from "../../components/CopyValue";
import { NoWrap } from "../../components/table";
import type { AccountNamer } from "../../hooks/useAccountNames";
import { useServiceCatalog } from "../../hooks/useServiceCatalog";
import { CoverageStatusIndicator } from "./coverageStatus";
import { isGlobalUnit } from "./taskUnits";
import { InfoLink } from "../../help/InfoLink";

type Issue = TaskDetail["outcome"]["issues"][number];

/** How many issues show before the rest fold away: the banner stays a summary. */
export const SHOWN_ISSUES = 5;

export function OutcomeBanner({ task, nameOf }: { task: Pick<TaskDetail, "status" | "outcome">; nameOf: AccountNamer }) {
  const catalog = useServiceCatalog();
  const issues = task.outcome?.issues ?? [];
  if (issues.length === 0) return null;
  const titles = new Map((catalog.data?.services ?? []).map((s) => [s.key, s.title] as const));
  const columns = issueColumns((service) => titles.get(service) ?? service, nameOf);
  const rest = issues.slice(SHOWN_ISSUES);
  return (
    <Alert type={task.status === "failed" ? "error" : "warning"} header={
        <>
          <span>{headerOf(task.outcome.summary)}</span> <InfoLink topic="outcome" />
        </>
      }>
      <SpaceBetween size="s">
        <Box variant="p">{restOf(task.outcome.summary)}</Box>
        <IssueTable label="What the scan could not read" issues={issues.slice(0, SHOWN_ISSUES)} columns={columns} />
        {rest.length > 0 && (
          <ExpandableSection headerText={`${rest.length} more ${rest.length === 1 ? "service" : "services"} not read completely`}>
            <IssueTable label="More of what the scan could not read" issues={rest} columns={columns} />
          </ExpandableSection>
        )}
      </SpaceBetween>
    </Alert>
  );
}

function IssueTable({ label, issues, columns }: { label: string; issues: Issue[]; columns: TableProps.ColumnDefinition<Issue>[] }) {
  return (
    <Table
      variant="embedded"
      wrapLines
      items={issues}
      trackBy={(i) => `${i.accountId}/${i.region}/${i.service}`}
      ariaLabels={{ tableLabel: label }}
      columnDefinitions={columns}
    />
  );
}

function issueColumns(title: (service: string) => string, nameOf: AccountNamer): TableProps.ColumnDefinition<Issue>[] {
  return [
    { id: "service", header: "Service", isRowHeader: true, cell: (i) => <NoWrap>{title(i.service)}</NoWrap> },
    // Wide enough that an account id never breaks inside; the name wraps at its spaces.
    { id: "account", header: "Account", minWidth: 180, cell: (i) => <AccountValue id={i.accountId} name={nameOf(i.accountId)} /> },
    { id: "region", header: "Region", cell: (i) => <NoWrap>{isGlobalUnit(i) ? "Global services" : i.region}</NoWrap> },
    {
      id: "what",
      header: "What happened",
      cell: (i) => (
        <SpaceBetween size="xxxs">
          <CoverageStatusIndicator status={i.status} />
          <span>{i.reason}</span>
          {i.calls && i.calls.length > 0 && <Box variant="small">Calls that failed: {i.calls.join(", ")}</Box>}
        </SpaceBetween>
      ),
    },
    { id: "fix", header: "How to fix it", minWidth: 200, cell: (i) => <Fix issue={i} /> },
  ];
}

function Fix({ issue }: { issue: Issue }) {
  return (
    <SpaceBetween size="xxxs">
      {issue.action && (
        <Box variant="code" fontSize="body-s">
          {issue.action}
        </Box>
      )}
      <span>{issue.fix}</span>
    </SpaceBetween>
  );
}

/** "Completed with warnings: 2 services ..." reads as a header and a sentence. */
export function headerOf(summary: string): string {
  const i = summary.indexOf(":");
  return i > 0 ? summary.slice(0, i) : summary || "The scan did not read everything";
}

function restOf(summary: string): string {
  const i = summary.indexOf(":");
  const rest = i > 0 ? summary.slice(i + 1).trim() : "";
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
