// The two roles an organization credential needs, from the role template
// of an organization (GET /api/credentials/role-template?organization=true):
// the scanner role in the management account, which may also list the
// member accounts (a stack, through the quick-create link), and the member
// role in every member account (the StackSets variant, deployed by a
// service-managed StackSet to the organization's OUs in one region: IAM is
// global). Both trust the platform principal with this credential's
// external id.

import Alert from "@cloudscape-design/components/alert";
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
import { DEFAULT_MEMBER_ROLE } from "./form";
import { homeRegion } from "./organization";
import { InfoLink } from "../../help/InfoLink";

const preStyle = { maxHeight: 320, overflow: "auto", margin: 0, padding: 12, background: "#f6f6f9", borderRadius: 8, fontSize: 12 } as const;

function TemplateActions({ text, fileName, what }: { text: string; fileName: string; what: string }) {
  return (
    <SpaceBetween direction="horizontal" size="xs">
      <Button iconName="download" onClick={() => saveBlob(new Blob([text], { type: "application/yaml" }), fileName)}>
        Download {what}
      </Button>
      <CopyToClipboard variant="button" textToCopy={text} copyButtonText="Copy" copyButtonAriaLabel={`Copy the ${what}`} copySuccessText="Template copied" copyErrorText="Could not copy" />
    </SpaceBetween>
  );
}

/** The roles of one organization credential, with the external id the server generated for it. */
export function OrganizationRolePanel({ externalId, memberRoleName }: { externalId: string; memberRoleName?: string }) {
  const api = useApi();
  const t = useQuery({
    queryKey: ["credentials", "role-template", externalId, "organization"],
    queryFn: () => api.credentials.roleTemplate(externalId, true),
    staleTime: Infinity,
  });

  if (t.error) return <ErrorAlert error={t.error} onRetry={() => void t.refetch()} />;
  if (!t.data) {
    return (
      <Container header={<Header variant="h2">Scanner roles</Header>}>
        <Spinner /> Loading the role templates
      </Container>
    );
  }
  const d = t.data;
  const region = homeRegion(d);
  const member = memberRoleName || DEFAULT_MEMBER_ROLE;
  return (
    <Container
      header={
        <Header
          variant="h2"
          info={<InfoLink topic="scanner-role" />}
          description="An organization credential uses two roles, both trusting CloudCensus with this credential's external id: one in the management account, and one in every member account."
        >
          Scanner roles
        </Header>
      }
    >
      <SpaceBetween size="l">
        <KeyValuePairs
          columns={3}
          items={[
            { label: "Trusted principal", value: <CopyToClipboard variant="inline" copyButtonAriaLabel="Copy trusted principal" textToCopy={d.principalArn} copySuccessText="Copied" copyErrorText="Could not copy" /> },
            { label: "External id", info: <InfoLink topic="external-id" />, value: <CopyToClipboard variant="inline" copyButtonAriaLabel="Copy external id" textToCopy={d.externalId} copySuccessText="Copied" copyErrorText="Could not copy" /> },
            { label: "Home region of the StackSet", value: region },
          ]}
        />

        <SpaceBetween size="s">
          <Header
            variant="h3"
            description="In the management (or delegated administrator) account: the scanner role, which may also list the organization's accounts. StackSets do not deploy to the management account, so it gets its own stack."
            actions={<LaunchStackButton template={d} refetch={t.refetch} label="Launch stack in the management account (opens a new tab)" />}
          >
            1. The management account
          </Header>
          <ManualSteps template={d} />
          <TemplateActions text={d.template} fileName="cloudcensus-role.yaml" what="single-account template" />
          <ExpandableSection headerText="Single-account template">
            <pre tabIndex={0} aria-label="Single-account CloudFormation template" style={preStyle}>
              {d.template}
            </pre>
          </ExpandableSection>
        </SpaceBetween>

        <SpaceBetween size="s">
          <Header variant="h3" description="In every member account: the member role this credential assumes, deployed by a StackSet from the management account.">
            2. Every member account (StackSets)
          </Header>
          <TemplateActions text={d.stackSetTemplate} fileName="cloudcensus-role-stackset.yaml" what="StackSets template" />
          <ol aria-label="Deploy the member role with StackSets" style={{ margin: 0, paddingInlineStart: 20 }}>
            <li>Download the StackSets template above.</li>
            <li>
              In the management account (or a delegated administrator for StackSets), open <b>CloudFormation</b> &gt; <b>StackSets</b> &gt; <b>Create StackSet</b>.
            </li>
            <li>
              Under permissions, choose <b>Service-managed permissions</b>. Choose <b>Template is ready</b>, <b>Upload a template file</b>, and the downloaded file.
            </li>
            <li>
              Name the StackSet, for example <Box variant="code">{DEFAULT_MEMBER_ROLE}</Box>. Keep the parameters: <Box variant="code">ExternalId</Box> is{" "}
              <Box variant="code">{d.externalId}</Box> and <Box variant="code">HomeRegion</Box> is <Box variant="code">{region}</Box>.
            </li>
            <li>
              Under deployment targets, choose <b>Deploy to organizational units (OUs)</b> and enter the ids of the OUs to scan (the root id for every account). Keep
              automatic deployment on, so accounts that join later get the role.
            </li>
            <li>
              Under regions, choose only the home region, <Box variant="code">{region}</Box>: IAM is global, so one region creates the role once in each account.
            </li>
            <li>Submit, and wait until every stack instance has succeeded.</li>
            <li>Back here, use Discover under Member accounts to check the credential lists the organization, then start a scan.</li>
          </ol>
          {member !== DEFAULT_MEMBER_ROLE && (
            <Alert type="warning" header="The member role names differ">
              The StackSets template creates the role <Box variant="code">{DEFAULT_MEMBER_ROLE}</Box>, but this credential assumes{" "}
              <Box variant="code">{member}</Box> in the member accounts. Deploy a role of that name, or edit the credential's member role name.
            </Alert>
          )}
          <ExpandableSection headerText="StackSets template">
            <pre tabIndex={0} aria-label="StackSets CloudFormation template" style={preStyle}>
              {d.stackSetTemplate}
            </pre>
          </ExpandableSection>
        </SpaceBetween>

        <ExpandableSection headerText={`Read-only actions the roles allow (${d.actions.length})`}>
          <Box variant="code">{d.actions.join(", ")}</Box>
        </ExpandableSection>
      </SpaceBetween>
    </Container>
  );
}
