// Guard shows a page only to users holding its UI resource; others see why
// not, with a link to request the permission that opens it, and no call
// that would answer 403 is made.

import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { ReactNode } from "react";
import { PERMISSION_UI, PERMISSIONS } from "../api/generated/contract";
import type { PermissionKey, UiResource } from "../api/types";
import { usePermissions } from "../auth/permissions";
import { Loading } from "./Loading";
import { RouterLink } from "./RouterLink";

/** The permission that opens a UI resource (the first that lists it). */
export function permissionFor(ui: UiResource): PermissionKey | undefined {
  return PERMISSIONS.find((p) => PERMISSION_UI[p].includes(ui));
}

export function Guard({ ui, children }: { ui: UiResource | undefined; children: ReactNode }) {
  const perms = usePermissions();
  if (!ui) return <>{children}</>;
  if (!perms.loaded) {
    return (
      <Loading text="Loading permissions" />
    );
  }
  if (!perms.can(ui)) return <NotAuthorized ui={ui} />;
  return <>{children}</>;
}

export function NotAuthorized({ ui }: { ui: UiResource }) {
  const perms = usePermissions();
  const permission = permissionFor(ui);
  const canRequest = permission !== undefined && perms.can("button:access-request");
  return (
    <Container header={<Header variant="h1">Not authorized</Header>}>
      <SpaceBetween size="s">
        <Box>
          Your role does not include this page (<Box variant="code">{ui}</Box>
          {permission && (
            <>
              , opened by the permission <Box variant="code">{permission}</Box>
            </>
          )}
          ). {canRequest ? "You may ask for it for a while: the approvers decide." : "Ask an administrator if you need it."}
        </Box>
        {canRequest && <RouterLink href={`/permissions/apply?permission=${encodeURIComponent(permission)}`}>Request access</RouterLink>}
      </SpaceBetween>
    </Container>
  );
}
