// An inline alert for a query that failed, with a retry.

import Alert from "@cloudscape-design/components/alert";
import Button from "@cloudscape-design/components/button";
import { ApiErrorContent, errorTitle } from "./ApiErrorContent";

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert
      type="error"
      header={errorTitle(error)}
      action={onRetry ? <Button onClick={onRetry}>Retry</Button> : undefined}
    >
      <ApiErrorContent error={error} />
    </Alert>
  );
}
