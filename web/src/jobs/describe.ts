// How a background job reads on screen: what it makes and how far it is.

import type { Job } from "../api/types";
import { formatBytes } from "../format";

/** "Inventory export (CSV)", "Audit log export", "Report rebuild". */
export function jobTitle(job: Pick<Job, "kind" | "params">): string {
  switch (job.kind) {
    case "inventory_export":
      return `Inventory export${job.params.format ? ` (${job.params.format.toUpperCase()})` : ""}`;
    case "audit_export":
      return "Audit log export";
    case "report_rebuild":
      return "Report rebuild";
    default:
      return "Job";
  }
}

/** Where a job that has not ended is. */
export function jobProgress(job: Pick<Job, "status" | "records">): string {
  if (job.status === "queued") return "Waiting for a worker…";
  return job.records > 0 ? `Running: ${job.records.toLocaleString("en-US")} records so far…` : "Running…";
}

/** What a finished file holds: "1,234 records, 56.0 KB". */
export function jobOutput(job: Pick<Job, "records" | "size">): string {
  return `${job.records.toLocaleString("en-US")} records, ${formatBytes(job.size)}`;
}
