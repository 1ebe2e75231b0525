// Where a 403's apply link lands: names the missing permission and what to
// do about it. The approval API is not part of the contract yet, so the
// request is made to an administrator, with the text ready to copy.

import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useSearchParams } from "react-router";
import { useSessionState } from "../../app/services";
import { isPermissionKey, usePermissions } from "../../auth/permissions";
import { roleLabel } from "../../format";
import { useBreadcrumbs } from "../../layout/breadcrumbs";

export default function ApplyPermission() {
  const [params] = useSearchParams();
  const permission = params.get("permission") ?? "";
  const session = useSessionState();
  const perms = usePermissions();
  useBreadcrumbs([{ text: "Request a permission", href: `/permissions/apply?permission=${encodeURIComponent(permission)}` }]);
  const request = `Please grant ${session?.user.username ?? "me"} the CloudCensus permission ${permission}.`;
  return (
    <ContentLayout header={<Header variant="h1">Request a permission</Header>}>
      <Container>
        <SpaceBetween size="m">
          <KeyValuePairs
            columns={3}
            items={[
              { label: "Missing permission", value: <Box variant="code">{permission || "-"}</Box> },
              { label: "Your role", value: perms.role ? roleLabel(perms.role) : "-" },
              { label: "Already granted", value: isPermissionKey(permission) && perms.has(permission) ? "Yes" : "No" },
            ]}
          />
          <Box>
            Permissions come with your role. Send this request to a workspace administrator, who can change your role or
            the role's permissions.
          </Box>
          <CopyToClipboard
            variant="button"
            textToCopy={request}
            copyButtonText="Copy request"
            copySuccessText="Request copied"
            copyErrorText="Could not copy"
          />
        </SpaceBetween>
      </Container>
    </ContentLayout>
  );
}
