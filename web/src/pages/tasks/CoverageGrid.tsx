// The coverage matrix as a coloured grid: one row per service, one column
// per unit (account x region). Colour is never the only signal: each cell
// also says its status in words or its resource count.

import Box from "@cloudscape-design/components/box";
import SpaceBetween from "@cloudscape-design/components/space-between";
import * as tokens from "@cloudscape-design/design-tokens";
import type { CSSProperties } from "react";
import type { Coverage, CoverageStatus, TaskUnit } from "../../api/types";
import { formatDuration, humanize } from "../../format";
import { useServiceCatalog } from "../../hooks/useServiceCatalog";
import { coverageMatrix } from "./taskUnits";

interface Swatch {
  bg: string;
  fg: string;
  label: string;
}

const errorSwatch: Swatch = { bg: tokens.colorBackgroundStatusError, fg: tokens.colorTextStatusError, label: "Error" };

const palette: Record<CoverageStatus, Swatch> = {
  ok: { bg: tokens.colorBackgroundStatusSuccess, fg: tokens.colorTextStatusSuccess, label: "OK" },
  access_denied: { bg: tokens.colorBackgroundStatusError, fg: tokens.colorTextStatusError, label: "Denied" },
  error: errorSwatch,
  throttled: { bg: tokens.colorBackgroundStatusWarning, fg: tokens.colorTextBodyDefault, label: "Throttled" },
  region_disabled: { bg: tokens.colorBackgroundContainerHeader, fg: tokens.colorTextBodySecondary, label: "Disabled" },
  skipped: { bg: tokens.colorBackgroundStatusInfo, fg: tokens.colorTextStatusInfo, label: "Skipped" },
};

const cellBase: CSSProperties = {
  padding: "4px 8px",
  border: `1px solid ${tokens.colorBorderDividerDefault}`,
  textAlign: "center",
  whiteSpace: "nowrap",
  fontSize: tokens.fontSizeBodyS,
};

function describe(c: Coverage): string {
  const parts = [
    `${c.service} in ${c.accountId} ${c.region}: ${humanize(c.status)}`,
    `${c.resources} resources`,
    `${c.calls} calls, ${c.throttles} throttles, ${c.retries} retries`,
    formatDuration(c.durationMs),
  ];
  if (c.error) parts.push(c.error);
  return parts.join("; ");
}

function Cell({ c }: { c: Coverage | undefined }) {
  if (!c) {
    return (
      <td style={{ ...cellBase, color: tokens.colorTextBodySecondary }} title="Not scanned in this unit">
        <span aria-label="not scanned">-</span>
      </td>
    );
  }
  const p = palette[c.status] ?? errorSwatch;
  return (
    <td style={{ ...cellBase, background: p.bg, color: p.fg }} title={describe(c)} data-status={c.status}>
      {c.status === "ok" ? c.resources : p.label}
    </td>
  );
}

export function CoverageGrid({ units }: { units: TaskUnit[] }) {
  // The spec's titles and order come from the server; until they arrive
  // (or if they cannot), the grid shows the service keys.
  const catalog = useServiceCatalog();
  const m = coverageMatrix(units, catalog.data?.services);
  if (m.services.length === 0) {
    return <Box color="text-status-inactive">No unit has reported coverage yet.</Box>;
  }
  const multiAccount = new Set(m.columns.map((c) => c.accountId)).size > 1;
  return (
    <SpaceBetween size="s">
      <div style={{ overflowX: "auto" }} tabIndex={0} role="region" aria-label="Coverage matrix">
        <table style={{ borderCollapse: "collapse", fontFamily: "inherit" }}>
          <caption style={{ textAlign: "left", paddingBottom: 8, whiteSpace: "nowrap", color: tokens.colorTextBodySecondary }}>
            Resources found per service and unit; hover a cell for calls, throttles and errors.
          </caption>
          <thead>
            <tr>
              <th scope="col" style={{ ...cellBase, textAlign: "left" }}>
                Service
              </th>
              {m.columns.map((col) => (
                <th key={col.key} scope="col" style={cellBase}>
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
                {m.columns.map((col) => (
                  <Cell key={col.key} c={m.cell(s, col.key)} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Legend />
    </SpaceBetween>
  );
}

const legendText: Record<CoverageStatus, string> = {
  ok: "12 = resources found",
  access_denied: "Denied = access denied",
  error: "Error = the scan failed",
  throttled: "Throttled = past its retries",
  region_disabled: "Disabled = region not enabled",
  skipped: "Skipped = not selected",
};

function Legend() {
  return (
    <SpaceBetween direction="horizontal" size="s">
      {(Object.keys(palette) as CoverageStatus[]).map((s) => (
        <span key={s} style={{ ...cellBase, display: "inline-block", background: palette[s].bg, color: palette[s].fg }}>
          {legendText[s]}
        </span>
      ))}
    </SpaceBetween>
  );
}
