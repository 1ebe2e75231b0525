// The frame of the signed-out pages: a centred card under the product name.

import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import type { ReactNode } from "react";

export function AuthLayout({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <main style={{ maxWidth: 440, margin: "0 auto", padding: "64px 16px" }}>
      <Box variant="h1" fontSize="display-l" textAlign="center" margin={{ bottom: "l" }}>
        CloudCensus
      </Box>
      <Container header={<Header variant="h2" description={description}>{title}</Header>}>{children}</Container>
    </main>
  );
}

/** A same-origin path to return to after signing in; anything else goes home. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/signin") || next.startsWith("/signup")) return "/";
  return next;
}
