// Whether a credential works, from the best proof there is: its last
// validation (which also dry-runs the scan's read actions, so a valid
// credential may still leave services unreadable), or a scan that signed
// in with it since (or without) a validation. A list cell keeps to one
// short line and gives the time in a popover; the credential's page says
// it in full.

import Popover from "@cloudscape-design/components/popover";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import type { Credential } from "../../api/types";
import { Status } from "../../components/status";
import { NoWrap } from "../../components/table";
import { formatDate, humanize } from "../../format";

type Checked = Pick<Credential, "validation" | "lastValidatedAt" | "lastSignedInByScanAt">;

/** When a scan's sign-in is the newest proof: never validated, or failed before the scan signed in. */
export function scanSignIn(c: Checked): string | undefined {
  const at = c.lastSignedInByScanAt;
  if (!at || c.validation?.ok) return undefined;
  if (!c.validation || !c.lastValidatedAt) return at;
  return Date.parse(at) > Date.parse(c.lastValidatedAt) ? at : undefined;
}

/** "1 service unreadable", "3 services unreadable". */
export function unreadableText(n: number): string {
  return `${n} service${n === 1 ? "" : "s"} unreadable`;
}

export function CredentialValidation({ c, full }: { c: Checked; full?: boolean }) {
  const scan = scanSignIn(c);
  const v = c.validation;
  if (scan) {
    const why = `A scan signed in with this credential at ${formatDate(scan)}: it works${v ? ", though its last validation failed before" : ", though it was never validated"}.`;
    if (full) return <StatusIndicator type="success">Signed in by a scan at {formatDate(scan)}</StatusIndicator>;
    return (
      <NoWrap>
        <Popover triggerType="text" size="medium" dismissAriaLabel="Close" renderWithPortal content={why}>
          <StatusIndicator type="success">Signed in by a scan</StatusIndicator>
        </Popover>
      </NoWrap>
    );
  }
  if (!v) return <Status type="info">Not validated</Status>;
  if (!v.ok) return <Status type="error">{humanize(v.reason || "invalid")}</Status>;
  if (v.unreadable) return <Status type="warning">{full ? `Valid, ${unreadableText(v.unreadable)}` : unreadableText(v.unreadable)}</Status>;
  return <Status type="success">Valid</Status>;
}
