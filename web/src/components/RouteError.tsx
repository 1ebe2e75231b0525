// The error boundary of every route: a page that throws while rendering or
// loading shows this inside the shell instead of a blank screen.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { isRouteErrorResponse, useRouteError } from "react-router";
import { ApiErrorContent } from "./ApiErrorContent";

export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Box padding="l">
      <Alert
        type="error"
        header={notFound ? "Page not found" : "This page failed to load"}
        action={<Button onClick={() => window.location.reload()}>Reload</Button>}
      >
        <SpaceBetween size="xs">
          {notFound ? <span>There is no page at this address.</span> : <ApiErrorContent error={error} />}
          <span>The rest of the console still works: pick another page from the navigation.</span>
        </SpaceBetween>
      </Alert>
    </Box>
  );
}
