// The audit log: every change and every denied or failed attempt, with
// filters and a CSV export of what the filters select (a background job:
// the file downloads when it is written). Free text searches the log on the
// server (an entry's actor, action, resource type, id and name, address and
// user agent), so a resource is found by the name it had even after it is
// gone. An alert's evidence link opens it narrowed to the evidence
// (?entries= names the entries, marked here).

import Alert from "@cloudscape-design/components/alert";
import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import DateRangePicker from "@cloudscape-design/components/date-range-picker";
import Popover from "@cloudscape-design/components/popover";
import PropertyFilter, { type PropertyFilterProps } from "@cloudscape-design/components/property-filter";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { type StatusIndicatorProps } from "@cloudscape-design/components/status-indicator";
import { useNavigate, useSearchParams } from "react-router";
import type { AuditEntry, AuditResult, UiResource } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions, type Permissions } from "../../auth/permissions";
import { CopyValue } from "../../components/CopyValue";
import { ListTable } from "../../components/ListTable";
import { RouterLink } from "../../components/RouterLink";
import { Status } from "../../components/status";
import { hasFilters, NoWrap, Truncated } from "../../components/table";
import { TimeZoneControl } from "../../components/TimeZoneControl";
import { formatDate, formatTotal, humanize } from "../../format";
import { useBackgroundJob } from "../../hooks/useBackgroundJob";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { entriesParam } from "../alerts/evidence";
import { useUserNames } from "../approvals/parts";
import { rangeFromUrl, rangeToUrl } from "../tasks/dateRange";
import { AUDIT_KEYS, FREE_TEXT_OPERATOR, filterToTokens, toAuditExport, tokensToFilter } from "./auditFilter";
import { InfoLink } from "../../help/InfoLink";

/** Actors that are no user: a failed sign-in of an unknown name, and the platform's own work. */
const NOT_USERS = new Set(["anonymous", "system"]);
/** The page of each kind of resource that has one, and the menu that opens it (a link the reader could not follow is plain text). */
const RESOURCE_PAGES: Partial<Record<string, { path: string; ui: UiResource }>> = {
  task: { path: "/tasks", ui: "menu:tasks" },
  credential: { path: "/credentials", ui: "menu:credentials" },
  user: { path: "/users", ui: "menu:users" },
  schedule: { path: "/schedules", ui: "menu:schedules" },
  "notification-channel": { path: "/notifications", ui: "menu:notifications" },
  role: { path: "/roles", ui: "menu:roles" },
  approval: { path: "/approvals", ui: "menu:approvals" },
  alert: { path: "/alerts", ui: "menu:alerts" },
};

/** Where an entry's resource can be opened; none once a delete succeeded (its page is gone). */
function resourceHref(entry: Pick<AuditEntry, "resourceType" | "resourceId" | "action" | "result">, perms: Pick<Permissions, "can">): string | undefined {
  const page = RESOURCE_PAGES[entry.resourceType];
  if (!page || !entry.resourceId || !perms.can(page.ui)) return undefined;
  if (entry.action.endsWith(".delete") && entry.result === "success") return undefined;
  return `${page.path}/${encodeURIComponent(entry.resourceId)}`;
}

const resultKind: Record<AuditResult, StatusIndicatorProps.Type> = { success: "success", failure: "error", denied: "warning" };
// Every control of the filter named, tokens' remove buttons included (axe-core checks them once a filter is set).
const filterStrings: PropertyFilterProps.I18nStrings = {
  dismissAriaLabel: "Dismiss",
  clearAriaLabel: "Clear",
  clearFiltersText: "Clear filters",
  removeTokenButtonAriaLabel: (t) => `Remove filter ${t.propertyLabel} ${t.operator} ${t.value}`,
  tokenOperatorAriaLabel: "Filter join",
  operationAndText: "and",
  operationOrText: "or",
  operatorsText: "Operators",
  operatorEqualsText: "Equals",
  operatorContainsText: "Contains",
  groupValuesText: "Values",
  groupPropertiesText: "Properties",
  editTokenHeader: "Edit filter",
  propertyText: "Property",
  operatorText: "Operator",
  valueText: "Value",
  cancelActionText: "Cancel",
  applyActionText: "Apply",
  allPropertiesLabel: "All properties",
  tokenLimitShowMore: "Show more",
  tokenLimitShowFewer: "Show fewer",
  enteredTextLabel: (v) => `Use: "${v}"`,
};
const resultOptions: PropertyFilterProps.FilteringOption[] = Object.keys(resultKind).map((r) => ({ propertyKey: "result", value: r }));

/** The filter's properties; an actor is a user id, shown (in suggestions and tokens) by its name. */
function filterProperties(actorName: (id: string) => string): PropertyFilterProps.FilteringProperty[] {
  return [
    { key: "actor", propertyLabel: "Actor", groupValuesLabel: "Actors", operators: [{ operator: "=", format: actorName }] },
    { key: "action", propertyLabel: "Action", groupValuesLabel: "Actions", operators: ["="] },
    { key: "resource_type", propertyLabel: "Resource type", groupValuesLabel: "Resource types", operators: ["="] },
    { key: "resource_id", propertyLabel: "Resource id", groupValuesLabel: "Resource ids", operators: ["="] },
    { key: "result", propertyLabel: "Result", groupValuesLabel: "Results", operators: ["="] },
  ];
}

/** Actors' names by id: the workspace's users (for those who may list them), and the actors on the page shown. */
function knownActors(users: ReadonlyMap<string, string>, shown: readonly AuditEntry[]): ReadonlyMap<string, string> {
  const actors = new Map(users);
  for (const a of shown) if (!actors.has(a.actor)) actors.set(a.actor, a.actorName || a.actor);
  return actors;
}

/** Suggested values: the known actors by name, and the actions and types on the page shown. */
function filterOptions(actors: ReadonlyMap<string, string>, shown: readonly AuditEntry[]): PropertyFilterProps.FilteringOption[] {
  const distinct = (key: string, values: string[]) => [...new Set(values)].map((value) => ({ propertyKey: key, value }));
  return [
    ...[...actors].map(([value, label]) => ({ propertyKey: "actor", value, label })),
    ...distinct("action", shown.map((a) => a.action)),
    ...distinct("resource_type", shown.map((a) => a.resourceType)),
    ...resultOptions,
  ];
}

export default function Audit() {
  useBreadcrumbs([{ text: "Audit log", href: "/audit" }]);
  const api = useApi();
  const perms = usePermissions();
  const entries = usePagedList({ queryKey: ["audit"], state: useSearchState([...AUDIT_KEYS, "from", "to"] as const), load: api.admin.audit });
  const { values, set } = entries;
  const exportCsv = useBackgroundJob({ start: () => api.admin.auditExport(toAuditExport(values)), errorHeader: "The export could not start" });
  const exporting = exportCsv.isStarting || exportCsv.active.some((j) => j.kind === "audit_export");
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const evidence = entriesParam(params.get("entries"));
  const shown = entries.query.data?.data ?? [];
  const total = entries.query.data?.pagination;
  const shownEvidence = shown.filter((a) => evidence.has(a.id)).length;
  const actors = knownActors(useUserNames(), shown);
  const actorName = (id: string) => actors.get(id) ?? id;
  // An actor typed by name (not picked from the suggestions) is the one of that name the log knows.
  const actorId = (v: string) => [...actors].find(([, name]) => name === v)?.[0] ?? v;

  const table = (
    <ListTable
      list={entries}
      variant="full-page"
      title="Audit log"
      info={<InfoLink topic="audit" />}
      noun="audit entries"
      description="Who changed what, and every denied or failed attempt. Secrets are redacted."
      actions={
        <SpaceBetween direction="horizontal" size="xs">
          <TimeZoneControl />
          {perms.has("audit:export") && (
            <Button iconName="download" loading={exporting} onClick={() => exportCsv.start()}>
              Export CSV
            </Button>
          )}
        </SpaceBetween>
      }
      filter={
        <SpaceBetween direction="horizontal" size="xs">
          <div style={{ minWidth: 360 }}>
            <PropertyFilter
              query={filterToTokens(values)}
              onChange={(e) => {
                const f = tokensToFilter(e.detail);
                if (f.actor) f.actor = actorId(f.actor);
                set(Object.fromEntries(AUDIT_KEYS.map((k) => [k, f[k]])));
              }}
              filteringProperties={filterProperties(actorName)}
              filteringOptions={filterOptions(actors, shown)}
              freeTextFiltering={{ operators: [FREE_TEXT_OPERATOR] }}
              filteringPlaceholder="Search by name or text, or filter by property"
              filteringAriaLabel="Filter audit entries"
              countText={total && `${formatTotal(total)} ${total.total === 1 ? "match" : "matches"}`}
              i18nStrings={filterStrings}
              expandToViewport
            />
          </div>
          <DateRangePicker
            value={rangeFromUrl(values.from, values.to)}
            onChange={(e) => set(rangeToUrl(e.detail.value))}
            relativeOptions={[
              { key: "1h", amount: 1, unit: "hour", type: "relative" },
              { key: "1d", amount: 1, unit: "day", type: "relative" },
              { key: "7d", amount: 7, unit: "day", type: "relative" },
            ]}
            isValidRange={() => ({ valid: true })}
            placeholder="Any time"
            ariaLabel="Filter by time"
            showClearButton
            i18nStrings={{
              applyButtonLabel: "Apply",
              cancelButtonLabel: "Cancel",
              clearButtonLabel: "Clear",
              formatRelativeRange: (r) => `Last ${r.amount} ${r.unit}${r.amount === 1 ? "" : "s"}`,
            }}
          />
        </SpaceBetween>
      }
      empty={{ title: "No entries yet", subtitle: "Changes and denied or failed attempts are recorded here." }}
      filters={{ active: hasFilters(values), clear: () => set(Object.fromEntries([...AUDIT_KEYS, "from", "to"].map((k) => [k, undefined]))) }}
      defaultColumns={{
        wide: ["evidence", "time", "actor", "action", "resource", "result", "ip", "details"],
        narrow: ["evidence", "time", "actor", "action", "resource", "result", "details"],
      }}
      preferencesKey="audit"
      columnDefinitions={[
        ...(evidence.size > 0
          ? [{ id: "evidence", header: "Evidence", width: 110, cell: (a: AuditEntry) => (evidence.has(a.id) ? <Badge color="red">Evidence</Badge> : null) }]
          : []),
        { id: "time", header: "Time", width: 210, minWidth: 200, cell: (a) => formatDate(a.timestamp) },
        { id: "actor", header: "Actor", width: 130, minWidth: 100, cell: (a) => <ActorCell entry={a} perms={perms} />, isRowHeader: true },
        { id: "action", header: "Action", width: 170, minWidth: 120, cell: (a) => <Truncated text={a.action} /> },
        { id: "resource", header: "Resource", width: 190, minWidth: 120, cell: (a) => <ResourceCell entry={a} perms={perms} /> },
        {
          id: "result",
          header: "Result",
          width: 130,
          minWidth: 110,
          // The error itself is in the entry's details.
          cell: (a) => <Status type={resultKind[a.result] ?? "info"}>{humanize(a.result)}</Status>,
        },
        { id: "ip", header: "Source IP", width: 140, minWidth: 110, cell: (a) => <NoWrap>{a.ip}</NoWrap> },
        { id: "details", header: "Details", minWidth: 90, cell: (a) => <Details entry={a} /> },
      ]}
    />
  );
  if (evidence.size === 0) return table;
  return (
    <SpaceBetween size="m">
      <Alert
        type="info"
        header="An alert's evidence"
        action={<Button onClick={() => navigate("/audit")}>Show the whole log</Button>}
      >
        The log is narrowed to the time, actor and action of the {evidence.size} {evidence.size === 1 ? "entry" : "entries"} that raised the alert;
        {` ${shownEvidence} of them ${shownEvidence === 1 ? "is" : "are"} on this page, marked Evidence.`}
      </Alert>
      {table}
    </SpaceBetween>
  );
}

/** The actor's username, linked to the user when it is one the reader may open. */
function ActorCell({ entry, perms }: { entry: AuditEntry; perms: Permissions }) {
  const name = entry.actorName || entry.actor;
  const user = !NOT_USERS.has(entry.actor) && perms.can("menu:users");
  return <Truncated text={name}>{user ? <RouterLink href={`/users/${encodeURIComponent(entry.actor)}`}>{name}</RouterLink> : name}</Truncated>;
}

/**
 * The resource by the name the entry recorded (its id when it has none),
 * linked to its page, with a button copying its id: ids are what other
 * tools and the Resource id filter take.
 */
function ResourceCell({ entry, perms }: { entry: AuditEntry; perms: Permissions }) {
  const id = entry.resourceId;
  if (!id) return <NoWrap>{entry.resourceType}</NoWrap>;
  const name = entry.resourceName || id;
  const href = resourceHref(entry, perms);
  return (
    <span style={{ display: "flex", alignItems: "center", gap: 4, minWidth: 0 }}>
      <span style={{ minWidth: 0 }}>
        <Truncated text={`${entry.resourceType} ${name} (${id})`}>{href ? <RouterLink href={href}>{name}</RouterLink> : name}</Truncated>
      </span>
      <span style={{ flexShrink: 0 }}>
        <CopyToClipboard
          variant="icon"
          textToCopy={id}
          copyButtonAriaLabel={`Copy ${entry.resourceType} id ${id}`}
          copySuccessText={`Copied the ${entry.resourceType} id`}
          copyErrorText={`The ${entry.resourceType} id could not be copied`}
          popoverRenderWithPortal
        />
      </span>
    </span>
  );
}

function Details({ entry }: { entry: AuditEntry }) {
  const block = (title: string, v: unknown) =>
    v === undefined || v === null ? null : (
      <div>
        <Box variant="awsui-key-label">{title}</Box>
        <pre style={{ margin: 0, whiteSpace: "pre-wrap", fontSize: 12 }}>{JSON.stringify(v, null, 2)}</pre>
      </div>
    );
  return (
    <Popover
      header={`${entry.action} ${entry.resourceType}`}
      size="large"
      triggerType="text"
      content={
        <SpaceBetween size="s">
          {block("Before", entry.before)}
          {block("After", entry.after)}
          {entry.error && (
            <div>
              <Box variant="awsui-key-label">Error</Box>
              {entry.error}
            </div>
          )}
          {entry.resourceId && (
            <div>
              <Box variant="awsui-key-label">Resource id</Box>
              <CopyValue value={entry.resourceId} label={`${entry.resourceType} id`} />
            </div>
          )}
          <div>
            <Box variant="awsui-key-label">Request id</Box>
            <CopyValue value={entry.requestId} label="request id" />
          </div>
          <Box variant="small">{entry.userAgent}</Box>
        </SpaceBetween>
      }
    >
      View
    </Popover>
  );
}
