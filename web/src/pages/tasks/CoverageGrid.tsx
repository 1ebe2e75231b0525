// The coverage matrix as a coloured grid: one row per service, one column
// per unit (account x region; an organization's member accounts by name).
// Colour is never the only signal: each cell also says its status in words
// or its resource count. A cell is a button that opens its detail in a
// popover (the calls, the error and, for a partial service, the detail
// calls that failed), by mouse, touch or keyboard: the grid is one tab
// stop and the arrow keys move between cells. The header row and the
// service column stay in view while the grid scrolls.

import Box from "@cloudscape-design/components/box";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Popover from "@cloudscape-design/components/popover";
import SpaceBetween from "@cloudscape-design/components/space-between";
import * as tokens from "@cloudscape-design/design-tokens";
import { useState, type CSSProperties, type KeyboardEvent } from "react";
import type { Coverage, OrgAccount, TaskUnit } from "../../api/types";
import { formatDuration } from "../../format";
import { useServiceCatalog } from "../../hooks/useServiceCatalog";
import { COVERAGE_LOOKS, CoverageStatusIndicator, coverageLook, type CoverageState } from "./coverageStatus";
import { coverageMatrix } from "./taskUnits";

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

const line = `1px solid ${tokens.colorBorderDividerDefault}`;

// Each cell draws its right and bottom edge, the table its top and left: single lines with sticky cells.
const cellBase: CSSProperties = {
  padding: "4px 8px",
  borderRight: line,
  borderBottom: line,
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

// The header row and the service column stay put while the grid scrolls inside its frame.
const stickyTop: CSSProperties = { position: "sticky", top: 0, zIndex: 2, background: tokens.colorBackgroundContainerContent };
const stickyLeft: CSSProperties = { position: "sticky", left: 0, zIndex: 1, background: tokens.colorBackgroundContainerContent };

/** Where an arrow key moves from cell (r, c): the nearest cell with a button that way. */
function step(key: string, r: number, c: number, rows: number, cols: number): [number, number][] {
  const line = (dr: number, dc: number) => {
    const out: [number, number][] = [];
    for (let i = r + dr, j = c + dc; i >= 0 && i < rows && j >= 0 && j < cols; i += dr, j += dc) out.push([i, j]);
    return out;
  };
  switch (key) {
    case "ArrowRight":
      return line(0, 1);
    case "ArrowLeft":
      return line(0, -1);
    case "ArrowDown":
      return line(1, 0);
    case "ArrowUp":
      return line(-1, 0);
    case "Home":
      return Array.from({ length: cols }, (_, j): [number, number] => [r, j]);
    case "End":
      return Array.from({ length: cols }, (_, j): [number, number] => [r, cols - 1 - j]);
    default:
      return [];
  }
}

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

export function CoverageGrid({
  units,
  members,
  accountName,
}: {
  units: TaskUnit[];
  members?: readonly OrgAccount[];
  /** Names an account that is not an organization member (a credential's name). */
  accountName?: (id: string) => string | undefined;
}) {
  // The spec's titles and order come from the server; until they arrive
  // (or if they cannot), the grid shows the service keys.
  const catalog = useServiceCatalog();
  // The one cell in the tab order (roving tabindex); arrow keys move it.
  const [current, setCurrent] = useState<string | null>(null);
  const m = coverageMatrix(units, catalog.data?.services);
  if (m.services.length === 0) {
    return <Box color="text-status-inactive">No unit has reported coverage yet.</Box>;
  }
  const memberNames = new Map((members ?? []).map((a) => [a.id, a.name] as const));
  const names = { get: (id: string) => memberNames.get(id) ?? accountName?.(id) };
  const accountLabel = (id: string) => (names.get(id) ? `${names.get(id)} (${id})` : id);
  const multiAccount = new Set(m.columns.map((c) => c.accountId)).size > 1;
  const firstKey = (() => {
    for (const s of m.services) for (const col of m.columns) if (m.cell(s, col.key)) return `${s}|${col.key}`;
    return null;
  })();
  const tabStop = current && m.cell(...(current.split("|") as [string, string])) ? current : firstKey;

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const from = (e.target as HTMLElement).closest<HTMLElement>("button[data-r]");
    if (!from) return;
    const targets = step(e.key, Number(from.dataset.r), Number(from.dataset.c), m.services.length, m.columns.length);
    if (targets.length === 0) return;
    e.preventDefault();
    for (const [r, c] of targets) {
      const b = e.currentTarget.querySelector<HTMLButtonElement>(`button[data-r="${r}"][data-c="${c}"]`);
      if (b) {
        b.focus();
        return;
      }
    }
  };

  return (
    <SpaceBetween size="s">
      <div style={{ overflow: "auto", maxHeight: "70vh" }} tabIndex={-1} role="region" aria-label="Coverage matrix">
        <table style={{ borderCollapse: "separate", borderSpacing: 0, borderTop: line, borderLeft: line, fontFamily: "inherit" }} onKeyDown={onKeyDown}>
          <caption style={{ textAlign: "left", paddingBottom: 8, whiteSpace: "nowrap", color: tokens.colorTextBodySecondary }}>
            Resources found per service and unit. Select a cell for its calls, errors and the calls that failed; the arrow keys move between cells.
          </caption>
          <thead>
            <tr>
              <th scope="col" style={{ ...cellBase, ...stickyTop, ...stickyLeft, zIndex: 3, textAlign: "left" }}>
                Service
              </th>
              {m.columns.map((col) => (
                <th key={col.key} scope="col" style={{ ...cellBase, ...stickyTop }} data-account={col.accountId}>
                  {multiAccount && names.get(col.accountId) && <div>{names.get(col.accountId)}</div>}
                  {multiAccount && <div>{col.accountId}</div>}
                  <div>{col.region === "global" ? "Global" : col.region}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.services.map((s, r) => (
              <tr key={s}>
                <th scope="row" style={{ ...cellBase, ...stickyLeft, textAlign: "left", fontWeight: "normal" }}>
                  {m.title(s)}
                </th>
                {m.columns.map((col, c) => {
                  const cov = m.cell(s, col.key);
                  const key = `${s}|${col.key}`;
                  if (!cov) {
                    return (
                      <td key={col.key} style={{ ...cellBase, color: tokens.colorTextBodySecondary }} title="Not scanned in this unit">
                        <span aria-label="not scanned">-</span>
                      </td>
                    );
                  }
                  const p = swatch(cov.status);
                  const account = accountLabel(cov.accountId);
                  const where = `${m.title(s)} in ${account}, ${cov.region === "global" ? "global services" : cov.region}`;
                  return (
                    <td key={col.key} style={{ ...cellBase, background: p.bg, color: p.fg }} title={describe(cov, account)} data-status={cov.status} data-account={cov.accountId}>
                      <Popover
                        triggerType="custom"
                        renderWithPortal
                        size="large"
                        position="top"
                        header={where}
                        dismissAriaLabel="Close"
                        content={<CellDetail c={cov} />}
                      >
                        <button
                          type="button"
                          style={cellButton}
                          data-r={r}
                          data-c={c}
                          tabIndex={key === tabStop ? 0 : -1}
                          onFocus={() => setCurrent(key)}
                          aria-haspopup="dialog"
                          aria-label={`${where}: ${cov.status === "ok" ? `${cov.resources} resources` : coverageLook(cov.status).label}`}
                        >
                          {cov.status === "ok" ? cov.resources : p.label}
                        </button>
                      </Popover>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Legend />
    </SpaceBetween>
  );
}

function CellDetail({ c }: { c: Coverage }) {
  const failed = failedCalls(c);
  return (
    <SpaceBetween size="m">
      <Box variant="p">{sentenceOf(coverageLook(c.status).meaning)}</Box>
      <KeyValuePairs
        columns={2}
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
  );
}

function sentenceOf(v: string): string {
  return v ? `${v.charAt(0).toUpperCase()}${v.slice(1)}.` : v;
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
        <span key={s} style={{ ...cellBase, border: line, display: "inline-block", background: palette[s].bg, color: palette[s].fg }}>
          {legendText[s]}
        </span>
      ))}
    </SpaceBetween>
  );
}
