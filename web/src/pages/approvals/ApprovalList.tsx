// The approvals inbox: the requests awaiting the caller's decision, the
// caller's own, and (with approvals:configure) all of them, each with what
// it asks, whose it is, how far it got and until when its step may be
// decided. The tab and the status filter live in the URL.

import Button from "@cloudscape-design/components/button";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tabs from "@cloudscape-design/components/tabs";
import { useNavigate } from "react-router";
import type { QueryOf } from "../../api/routes";
import type { ApprovalRequest } from "../../api/types";
import { useApi } from "../../app/services";
import { Can, usePermissions } from "../../auth/permissions";
import { ListTable } from "../../components/ListTable";
import { RouterLink } from "../../components/RouterLink";
import { ApprovalStatusIndicator } from "../../components/status";
import { FilterSelect } from "../../components/table";
import { formatDate, formatWhen, humanize } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { APPROVAL_STATUSES, describeRequest, requestSubject, stepLabel } from "./describe";
import { useCredentialNames, useUserNames } from "./parts";
import { InfoLink } from "../../help/InfoLink";

export type InboxFilter = "awaiting" | "mine" | "all";

const tabTexts: Record<InboxFilter, { label: string; title: string; description: string; empty: string }> = {
  awaiting: {
    label: "Awaiting me",
    title: "Awaiting my decision",
    description: "Requests whose current step you may approve or reject.",
    empty: "Nothing waits for your decision.",
  },
  mine: { label: "Mine", title: "My requests", description: "Operations you made that wait for approval, and the access you asked for.", empty: "You have made no request." },
  all: { label: "All", title: "All requests", description: "Every request in the workspace.", empty: "No request matches." },
};

/** The tab shown: the URL's when the caller may see it, else the inbox. */
export function inboxFilter(value: string, canAll: boolean): InboxFilter {
  if (value === "mine" || (value === "all" && canAll)) return value;
  return "awaiting";
}

export default function ApprovalList() {
  useBreadcrumbs([{ text: "Approvals", href: "/approvals" }]);
  const perms = usePermissions();
  const navigate = useNavigate();
  const state = useSearchState(["filter", "status"] as const);
  const canAll = perms.has("approvals:configure");
  const filter = inboxFilter(state.values.filter, canAll);
  const tabs: InboxFilter[] = canAll ? ["awaiting", "mine", "all"] : ["awaiting", "mine"];

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          info={<InfoLink topic="approvals" />}
          description="Sensitive operations wait here for their approvers; so do requests for permissions for a while."
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Can ui="menu:approval-workflows">
                <Button onClick={() => navigate("/approvals/workflows")}>Workflows</Button>
              </Can>
              <Can ui="button:access-request">
                <Button variant="primary" onClick={() => navigate("/permissions/apply")}>
                  Request access
                </Button>
              </Can>
            </SpaceBetween>
          }
        >
          Approvals
        </Header>
      }
    >
      <Tabs
        ariaLabel="Requests"
        activeTabId={filter}
        onChange={(e) => state.set({ filter: e.detail.activeTabId === "awaiting" ? undefined : e.detail.activeTabId, status: undefined })}
        tabs={tabs.map((id) => ({ id, label: tabTexts[id].label, content: id === filter ? <RequestTable filter={id} /> : null }))}
      />
    </ContentLayout>
  );
}

function RequestTable({ filter }: { filter: InboxFilter }) {
  const api = useApi();
  const state = useSearchState(["filter", "status"] as const);
  const requests = usePagedList({
    queryKey: ["approvals", "requests"],
    state,
    load: (q: QueryOf<"GET /api/approvals/requests">) => api.approvals.requests({ ...q, filter }),
    // Decisions come from others: keep the inbox current.
    refetchInterval: () => 15_000,
  });
  const rows = requests.query.data?.data ?? [];
  const credentials = useCredentialNames(rows.some((r) => r.resourceType === "credential"));
  const users = useUserNames(rows.some((r) => r.resourceType === "user"));
  const nameOf = (r: ApprovalRequest) => (r.resourceType === "credential" ? credentials : r.resourceType === "user" ? users : undefined)?.get(r.resourceId ?? "");
  const texts = tabTexts[filter];

  return (
    <ListTable
      list={requests}
      variant="container"
      title={texts.title}
      description={texts.description}
      noun="requests"
      wrapLines
      actions={
        <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void requests.query.refetch()} loading={requests.query.isFetching && !requests.query.isLoading} />
      }
      filter={
        <FilterSelect
          state={requests}
          name="status"
          any="Any status"
          options={APPROVAL_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
          label="Filter by status"
          inlineLabel="Status"
        />
      }
      empty={{ title: "No requests", subtitle: texts.empty }}
      columnDefinitions={[
        { id: "request", header: "Request", isRowHeader: true, cell: (r) => <RouterLink href={`/approvals/${r.id}`}>{describeRequest(r, nameOf(r))}</RouterLink> },
        { id: "kind", header: "Kind", cell: (r) => (r.kind === "access" ? "Access" : "Operation") },
        { id: "subject", header: "Operation or permissions", cell: (r) => requestSubject(r) },
        { id: "requester", header: "Requested by", cell: (r) => r.requestedByName || r.requestedBy },
        { id: "step", header: "Step", minWidth: 100, cell: (r) => stepLabel(r) },
        { id: "deadline", header: "Deadline", cell: (r) => (r.status === "pending" && r.stepDeadline ? formatWhen(r.stepDeadline) : "-") },
        { id: "status", header: "Status", minWidth: 130, cell: (r) => <ApprovalStatusIndicator status={r.status} failed={r.result !== undefined && r.result.status >= 300} /> },
        { id: "created", header: "Requested", cell: (r) => formatDate(r.createdAt) },
      ]}
    />
  );
}
