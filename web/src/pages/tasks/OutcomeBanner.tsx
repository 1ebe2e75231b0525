// The outcome of a scan in words, at the top of its page: what was not
// read, where, why and the fix (the denied IAM action, the region to
// enable), so nobody has to decode red coverage cells or log lines to learn
// that one account refused lambda:ListFunctions.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { useState } from "react";
import type { TaskDetail } from "../../api/types";
import { AccountValue } from "../../components/CopyValue";
import { NoWrap } from "../../components/table";
import type { AccountNamer } from "../../hooks/useAccountNames";
import { useServiceCatalog } from "../../hooks/useServiceCatalog";
import { CoverageStatusIndicator } from "./coverageStatus";
import { isGlobalUnit } from "./taskUnits";

type Issue = TaskDetail["outcome"]["issues"][number];

/** How many issues show before "Show all": the banner stays a summary. */
export const SHOWN_ISSUES = 5;

export function OutcomeBanner({ task, nameOf }: { task: Pick<TaskDetail, "status" | "outcome">; nameOf: AccountNamer }) {
  const [all, setAll] = useState(false);
  const catalog = useServiceCatalog();
  const issues = task.outcome?.issues ?? [];
  if (issues.length === 0) return null;
  const titles = new Map((catalog.data?.services ?? []).map((s) => [s.key, s.title] as const));
  const shown = all ? issues : issues.slice(0, SHOWN_ISSUES);
  return (
    <Alert type={task.status === "failed" ? "error" : "warning"} header={headerOf(task.outcome.summary)}>
      <SpaceBetween size="s">
        <Box variant="p">{restOf(task.outcome.summary)}</Box>
        <Table
          variant="embedded"
          wrapLines
          items={shown}
          trackBy={(i) => `${i.accountId}/${i.region}/${i.service}`}
          ariaLabels={{ tableLabel: "What the scan could not read" }}
          columnDefinitions={[
            { id: "service", header: "Service", isRowHeader: true, cell: (i) => <NoWrap>{titles.get(i.service) ?? i.service}</NoWrap> },
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
          ]}
        />
        {issues.length > SHOWN_ISSUES && (
          <Button variant="inline-link" onClick={() => setAll(!all)} ariaExpanded={all}>
            {all ? `Show the first ${SHOWN_ISSUES}` : `Show all ${issues.length}`}
          </Button>
        )}
      </SpaceBetween>
    </Alert>
  );
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
