// The read-only scanner role for a target account: the CloudFormation
// template (and its StackSet variant), a quick-create link that opens the
// AWS console with the stack prefilled, and the trust details.

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../app/services";
import { saveBlob } from "../../components/download";
import { ErrorAlert } from "../../components/ErrorAlert";
import { LaunchStackButton, ManualSteps } from "./LaunchStack";
import { InfoLink } from "../../help/InfoLink";

/** The template for one credential, with the external id the server generated for it. */
export function RoleTemplatePanel({ externalId }: { externalId: string }) {
  const api = useApi();
  const t = useQuery({ queryKey: ["credentials", "role-template", externalId], queryFn: () => api.credentials.roleTemplate(externalId), staleTime: Infinity });

  if (t.error) return <ErrorAlert error={t.error} onRetry={() => void t.refetch()} />;
  if (!t.data) {
    return (
      <Container header={<Header variant="h2">Scanner role</Header>}>
        <Spinner /> Loading the role template
      </Container>
    );
  }
  const d = t.data;
  return (
    <Container
      header={
        <Header
          variant="h2"
          info={<InfoLink topic="scanner-role" />}
          description="Create the read-only role in the target account with this credential's external id, then validate the credential."
          actions={<LaunchStackButton template={d} refetch={t.refetch} label="Launch stack in the AWS console (opens a new tab)" />}
        >
          Scanner role
        </Header>
      }
    >
      <SpaceBetween size="m">
        <ManualSteps template={d} />
        <KeyValuePairs
          columns={2}
          items={[
            { label: "Trusted principal", value: <CopyToClipboard variant="inline" copyButtonAriaLabel="Copy trusted principal" textToCopy={d.principalArn} copySuccessText="Copied" copyErrorText="Could not copy" /> },
            { label: "External id", info: <InfoLink topic="external-id" />, value: <CopyToClipboard variant="inline" copyButtonAriaLabel="Copy external id" textToCopy={d.externalId} copySuccessText="Copied" copyErrorText="Could not copy" /> },
            { label: "Role the stack creates", value: <CopyToClipboard variant="inline" copyButtonAriaLabel="Copy the role ARN pattern" textToCopy={d.roleArnPattern} copySuccessText="Copied" copyErrorText="Could not copy" /> },
          ]}
        />
        <ExpandableSection headerText="CloudFormation template">
          <SpaceBetween size="xs">
            <SpaceBetween direction="horizontal" size="xs">
              <CopyToClipboard variant="button" textToCopy={d.template} copyButtonText="Copy template" copySuccessText="Template copied" copyErrorText="Could not copy" />
              <Button iconName="download" onClick={() => saveBlob(new Blob([d.template], { type: "application/yaml" }), "cloudcensus-role.yaml")}>
                Download
              </Button>
              <Button iconName="download" onClick={() => saveBlob(new Blob([d.stackSetTemplate], { type: "application/yaml" }), "cloudcensus-role-stackset.yaml")}>
                StackSet template
              </Button>
            </SpaceBetween>
            <pre tabIndex={0} aria-label="CloudFormation template" style={{ maxHeight: 320, overflow: "auto", margin: 0, padding: 12, background: "#f6f6f9", borderRadius: 8, fontSize: 12 }}>
              {d.template}
            </pre>
          </SpaceBetween>
        </ExpandableSection>
        <ExpandableSection headerText={`Read-only actions the role allows (${d.actions.length})`}>
          <Box variant="code">{d.actions.join(", ")}</Box>
        </ExpandableSection>
      </SpaceBetween>
    </Container>
  );
}
