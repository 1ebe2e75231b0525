// How each coverage status of a service in a unit reads: a Cloudscape
// status indicator type and a short label, one per status the API's
// description lists (excluded among them: a service a scope rule left
// out); an unknown one shows as information.

import StatusIndicator, { type StatusIndicatorProps } from "@cloudscape-design/components/status-indicator";
import type { CoverageStatus } from "../../api/types";
import { humanize } from "../../format";

/** A coverage status, as the API's description lists them. */
export type CoverageState = CoverageStatus;

interface Look {
  type: StatusIndicatorProps.Type;
  label: string;
  /** What the status means, for the legend and a cell's detail. */
  meaning: string;
}

export const COVERAGE_LOOKS: Record<CoverageState, Look> = {
  ok: { type: "success", label: "OK", meaning: "every resource and detail was read" },
  partial: { type: "warning", label: "Partial", meaning: "every resource was listed, but some details could not be read" },
  access_denied: { type: "error", label: "Access denied", meaning: "the role may not call the service" },
  error: { type: "error", label: "Error", meaning: "the scan of the service failed" },
  throttled: { type: "warning", label: "Throttled", meaning: "AWS still throttled the calls after every retry" },
  region_disabled: { type: "stopped", label: "Region disabled", meaning: "the region is not enabled in the account" },
  skipped: { type: "info", label: "Skipped", meaning: "not selected for this scan" },
  excluded: { type: "stopped", label: "Excluded", meaning: "left out by a scope rule" },
};

export function coverageLook(status: string): Look {
  return COVERAGE_LOOKS[status as CoverageState] ?? { type: "info", label: humanize(status), meaning: status };
}

export function CoverageStatusIndicator({ status }: { status: string }) {
  const look = coverageLook(status);
  return <StatusIndicator type={look.type}>{look.label}</StatusIndicator>;
}
