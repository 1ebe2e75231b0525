// Guard shows a page only to users holding its UI resource; others see why
// not, and no call that would answer 403 is made.

import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import type { ReactNode } from "react";
import type { UiResource } from "../api/types";
import { usePermissions } from "../auth/permissions";
import { Loading } from "./Loading";

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
  return (
    <Container header={<Header variant="h1">Not authorized</Header>}>
      <Box>
        Your role does not include this page (<Box variant="code">{ui}</Box>). Ask an administrator if you need it.
      </Box>
    </Container>
  );
}
