// The coverage matrix as a coloured grid: one row per service, one column
// per unit (account x region; an organization's member accounts by name).
// Colour is never the only signal: each cell also says its status in words
// or its resource count. A cell is a button: its detail below the grid
// gives the calls, the error and, for a partial service, the detail calls
// that failed.

import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import * as tokens from "@cloudscape-design/design-tokens";
import { useState, type CSSProperties } from "react";
import type { Coverage, OrgAccount, TaskUnit } from "../../api/types";
import { formatDuration } from "../../format";
import { useServiceCatalog } from "../../hooks/useServiceCatalog";
import { COVERAGE_LOOKS, CoverageStatusIndicator, coverageLook, type CoverageState } from "./coverageStatus";
import { coverageMatrix, type Matrix } from "./taskUnits";

interface Swatch {
  bg: string;
  fg: string;
  label: string;
}

const errorSwatch: Swatch = { bg: tokens.colorBackgroundStatusError, fg: tokens.colorTextStatusError, label: "Error" };

const palette: Record<CoverageState, Swatch> = {
  ok: { bg: tokens.colorBackgroundStatusSuccess, fg: tokens.colorTextStatusSuccess, label: "OK" },
  partial: { bg: tokens.colorBackgroundStatusWarning, fg: tokens.colorTextBodyDefault, label: "Partial" },
  access_denied: { bg: tokens.colorBackgroundStatusError, fg: tokens.colorTextStatusError, label: "Denied" },
  error: errorSwatch,
  throttled: { bg: tokens.colorBackgroundStatusWarning, fg: tokens.colorTextBodyDefault, label: "Throttled" },
  region_disabled: { bg: tokens.colorBackgroundContainerHeader, fg: tokens.colorTextBodySecondary, label: "Disabled" },
  skipped: { bg: tokens.colorBackgroundStatusInfo, fg: tokens.colorTextStatusInfo, label: "Skipped" },
  excluded: { bg: tokens.colorBackgroundContainerHeader, fg: tokens.colorTextBodySecondary, label: "Excluded" },
};

function swatch(status: string): Swatch {
  return palette[status as CoverageState] ?? errorSwatch;
}

const cellBase: CSSProperties = {
  padding: "4px 8px",
  border: `1px solid ${tokens.colorBorderDividerDefault}`,
  textAlign: "center",
  whiteSpace: "nowrap",
  fontSize: tokens.fontSizeBodyS,
};

const cellButton: CSSProperties = {
  background: "none",
  border: 0,
  padding: 0,
  margin: 0,
  font: "inherit",
  color: "inherit",
  display: "block",
  width: "100%",
  cursor: "pointer",
  textAlign: "center",
};

/** The failed detail calls of a partial service: "cloudfront:ListDistributionsByWebACLId (AccessDenied)". */
export function failedCalls(c: Pick<Coverage, "partial">): string[] {
  return c.partial ?? [];
}

function describe(c: Coverage, account: string): string {
  const parts = [
    `${c.service} in ${account} ${c.region}: ${coverageLook(c.status).label}`,
    `${c.resources} resources`,
    `${c.calls} calls, ${c.throttles} throttles, ${c.retries} retries`,
    formatDuration(c.durationMs),
  ];
  const failed = failedCalls(c);
  if (failed.length > 0) parts.push(`not readable: ${failed.join(", ")}`);
  if (c.error) parts.push(c.error);
  return parts.join("; ");
}

export function CoverageGrid({ units, members }: { units: TaskUnit[]; members?: readonly OrgAccount[] }) {
  // The spec's titles and order come from the server; until they arrive
  // (or if they cannot), the grid shows the service keys.
  const catalog = useServiceCatalog();
  const [selected, setSelected] = useState<string | null>(null);
  const m = coverageMatrix(units, catalog.data?.services);
  if (m.services.length === 0) {
    return <Box color="text-status-inactive">No unit has reported coverage yet.</Box>;
  }
  const names = new Map((members ?? []).map((a) => [a.id, a.name] as const));
  const accountLabel = (id: string) => (names.get(id) ? `${names.get(id)} (${id})` : id);
  const multiAccount = new Set(m.columns.map((c) => c.accountId)).size > 1;
  const chosen = selected ? pick(m, selected) : undefined;
  return (
    <SpaceBetween size="s">
      <div style={{ overflowX: "auto" }} tabIndex={0} role="region" aria-label="Coverage matrix">
        <table style={{ borderCollapse: "collapse", fontFamily: "inherit" }}>
          <caption style={{ textAlign: "left", paddingBottom: 8, whiteSpace: "nowrap", color: tokens.colorTextBodySecondary }}>
            Resources found per service and unit; select a cell for its calls, errors and the calls that failed.
          </caption>
          <thead>
            <tr>
              <th scope="col" style={{ ...cellBase, textAlign: "left" }}>
                Service
              </th>
              {m.columns.map((col) => (
                <th key={col.key} scope="col" style={cellBase} data-account={col.accountId}>
                  {multiAccount && names.get(col.accountId) && <div>{names.get(col.accountId)}</div>}
                  {multiAccount && <div>{col.accountId}</div>}
                  <div>{col.region === "global" ? "Global" : col.region}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.services.map((s) => (
              <tr key={s}>
                <th scope="row" style={{ ...cellBase, textAlign: "left", fontWeight: "normal" }}>
                  {m.title(s)}
                </th>
                {m.columns.map((col) => {
                  const c = m.cell(s, col.key);
                  const key = `${s}|${col.key}`;
                  if (!c) {
                    return (
                      <td key={col.key} style={{ ...cellBase, color: tokens.colorTextBodySecondary }} title="Not scanned in this unit">
                        <span aria-label="not scanned">-</span>
                      </td>
                    );
                  }
                  const p = swatch(c.status);
                  const isSelected = selected === key;
                  return (
                    <td
                      key={col.key}
                      style={{ ...cellBase, background: p.bg, color: p.fg, outline: isSelected ? `2px solid ${tokens.colorBorderItemFocused}` : undefined }}
                      title={describe(c, accountLabel(c.accountId))}
                      data-status={c.status}
                      data-account={c.accountId}
                    >
                      <button type="button" style={cellButton} aria-pressed={isSelected} onClick={() => setSelected(isSelected ? null : key)}>
                        {c.status === "ok" ? c.resources : p.label}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Legend />
      <div aria-live="polite">{chosen && <CellDetail c={chosen} title={m.title(chosen.service)} account={accountLabel(chosen.accountId)} />}</div>
    </SpaceBetween>
  );
}

function pick(m: Matrix, key: string): Coverage | undefined {
  const [service = "", column = ""] = key.split("|");
  return m.cell(service, column);
}

function CellDetail({ c, title, account }: { c: Coverage; title: string; account: string }) {
  const failed = failedCalls(c);
  return (
    <Container
      header={
        <Header variant="h3" description={coverageLook(c.status).meaning}>
          {title} in {account}, {c.region === "global" ? "global services" : c.region}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <KeyValuePairs
          columns={4}
          items={[
            { label: "Status", value: <CoverageStatusIndicator status={c.status} /> },
            { label: "Resources", value: String(c.resources) },
            { label: "Calls", value: `${c.calls} (${c.throttles} throttled, ${c.retries} retried)` },
            { label: "Duration", value: formatDuration(c.durationMs) },
            ...(c.action ? [{ label: "Failed action", value: <Box variant="code">{c.action}</Box> }] : []),
            ...(c.error ? [{ label: "Error", value: c.error }] : []),
          ]}
        />
        {failed.length > 0 && (
          <div>
            <Box variant="awsui-key-label">Calls that failed ({failed.length})</Box>
            <ul aria-label="Calls that failed" style={{ margin: 0, paddingInlineStart: 20 }}>
              {failed.map((f) => (
                <li key={f}>
                  <Box variant="code">{f}</Box>
                </li>
              ))}
            </ul>
            <Box variant="small">The resources are all listed; the cells these calls fill read "not readable" in the report.</Box>
          </div>
        )}
      </SpaceBetween>
    </Container>
  );
}

const legendText: Record<CoverageState, string> = {
  ok: "12 = resources found",
  partial: "Partial = some details unreadable",
  access_denied: "Denied = access denied",
  error: "Error = the scan failed",
  throttled: "Throttled = past its retries",
  region_disabled: "Disabled = region not enabled",
  skipped: "Skipped = not selected",
  excluded: "Excluded = left out by a scope rule",
};

function Legend() {
  return (
    <SpaceBetween direction="horizontal" size="s">
      {(Object.keys(COVERAGE_LOOKS) as CoverageState[]).map((s) => (
        <span key={s} style={{ ...cellBase, display: "inline-block", background: palette[s].bg, color: palette[s].fg }}>
          {legendText[s]}
        </span>
      ))}
    </SpaceBetween>
  );
}
