// Deploying the scanner role's stack: in AWS a quick-create link that
// opens the CloudFormation console with the template and the external id
// filled in (its template URL works for a while: a link past its time is
// asked for again before it opens); where CloudFormation could not fetch
// the template (local mode keeps it on this machine), the console's steps
// for the downloaded file instead of a link that cannot work.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import type { RoleTemplate } from "../../api/types";

/** Whether the template's launch link can still be opened. */
export function linkUsable(t: Pick<RoleTemplate, "quickCreateUrl" | "quickCreateExpiresAt">, now = Date.now()): boolean {
  if (!t.quickCreateUrl) return false;
  return !t.quickCreateExpiresAt || Date.parse(t.quickCreateExpiresAt) - now > 60_000;
}

/** The Launch stack button, or nothing where no link can work. */
export function LaunchStackButton({ template, refetch, label }: { template: RoleTemplate; refetch: () => Promise<{ data?: RoleTemplate }>; label: string }) {
  if (!template.quickCreateUrl) return null;
  const open = async () => {
    let t = template;
    if (!linkUsable(t)) t = (await refetch()).data ?? t; // a fresh presigned template URL
    window.open(t.quickCreateUrl, "_blank", "noopener");
  };
  return (
    <Button onClick={() => void open()} iconName="external" iconAlign="right" variant="primary" ariaLabel={label}>
      Launch stack
    </Button>
  );
}

/** The steps to deploy the downloaded template by hand, when there is no link. */
export function ManualSteps({ template }: { template: Pick<RoleTemplate, "quickCreateUrl" | "steps"> }) {
  if (template.quickCreateUrl || template.steps.length === 0) return null;
  return (
    <Alert type="info" header="Deploy the template from the AWS console">
      <Box variant="p">CloudFormation cannot fetch a template from this machine, so there is no launch link here. In the target account:</Box>
      <ol aria-label="Deploy the scanner role by hand" style={{ margin: 0, paddingInlineStart: 20 }}>
        {template.steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
    </Alert>
  );
}
