// What a task covered besides its regions: the member accounts of its
// organization credentials (as discovered when it started, with what came
// of each: scanned, denied, or left out) and the exclusions it applied
// (the workspace's and its own).

import Box from "@cloudscape-design/components/box";
import Header from "@cloudscape-design/components/header";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import type { OrgAccount, ScopeRule, TaskUnit } from "../../api/types";
import { EmptyState } from "../../components/table";
import { kindInfo } from "../../components/exclusions";
import { humanize } from "../../format";
import { OrgAccountsTable } from "../credentials/OrgAccountsTable";
import { isActiveAccount } from "../credentials/organization";
import { coverageOf } from "./taskUnits";
import { InfoLink } from "../../help/InfoLink";

export type MemberOutcome = "scanned" | "denied" | "pending" | "inactive" | "outside";

/** What came of one member account in a task, from its units' coverage. */
export function memberOutcome(a: OrgAccount, units: readonly TaskUnit[]): { outcome: MemberOutcome; resources: number } {
  const mine = units.filter((u) => u.accountId === a.id);
  if (mine.length === 0) return { outcome: isActiveAccount(a) ? "outside" : "inactive", resources: 0 };
  const coverage = mine.flatMap(coverageOf);
  const resources = mine.reduce((n, u) => n + u.resources, 0);
  if (coverage.length === 0) return { outcome: "pending", resources };
  if (coverage.every((c) => c.status === "access_denied")) return { outcome: "denied", resources };
  return { outcome: "scanned", resources };
}

function Outcome({ account, units }: { account: OrgAccount; units: readonly TaskUnit[] }) {
  const { outcome, resources } = memberOutcome(account, units);
  switch (outcome) {
    case "scanned":
      return <StatusIndicator type="success">{`Scanned: ${resources} resource${resources === 1 ? "" : "s"}`}</StatusIndicator>;
    case "denied":
      return <StatusIndicator type="error">Access denied: the member role could not be assumed</StatusIndicator>;
    case "pending":
      return <StatusIndicator type="pending">Not scanned yet</StatusIndicator>;
    case "inactive":
      return <StatusIndicator type="stopped">Not scanned: not active</StatusIndicator>;
    case "outside":
      return <StatusIndicator type="stopped">Not scanned: outside the scan's scope</StatusIndicator>;
  }
}

export function TaskMembers({ members, units }: { members: readonly OrgAccount[]; units: readonly TaskUnit[] }) {
  const scanned = members.filter((a) => units.some((u) => u.accountId === a.id)).length;
  return (
    <OrgAccountsTable
      label="Organization members"
      accounts={members}
      header={
        <Header variant="h2" info={<InfoLink topic="organizations" />} counter={`(${members.length})`} description={`The organization's accounts when the scan started; ${scanned} of them in this scan.`}>
          Organization members
        </Header>
      }
      empty={<EmptyState title="No members" />}
      extraColumns={[{ id: "outcome", header: "In this scan", cell: (a) => <Outcome account={a} units={units} /> }]}
    />
  );
}

export function TaskExclusions({ rules }: { rules: readonly ScopeRule[] }) {
  return (
    <Table<ScopeRule>
      variant="container"
      header={
        <Header variant="h2" info={<InfoLink topic="exclusions" />} counter={`(${rules.length})`} description="The scope rules the scan applied: the workspace's, then its own. What they left out is in no result, export or report.">
          Exclusions
        </Header>
      }
      items={[...rules]}
      trackBy={(r) => `${r.source ?? ""}|${r.kind}|${r.value}`}
      ariaLabels={{ tableLabel: "Exclusions" }}
      empty={<EmptyState title="No exclusions" subtitle="The scan left nothing out beyond its credentials, regions and services." />}
      columnDefinitions={[
        { id: "kind", header: "Excludes by", cell: (r) => kindInfo(r.kind)?.label ?? humanize(r.kind), isRowHeader: true },
        { id: "value", header: "Value", cell: (r) => <Box variant="code">{r.value}</Box> },
        { id: "source", header: "Source", cell: (r) => (r.source === "workspace" ? "Workspace" : r.source === "task" ? "This scan" : r.source ? humanize(r.source) : "-") },
      ]}
    />
  );
}
