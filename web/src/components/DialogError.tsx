// A failure shown inside the dialog that caused it: the flashbar sits behind
// an open modal, so a refusal the person must act on (a role still held, a
// rank too high) is read where they are. A call held for approval reads as
// information, with the request's link.

import Alert from "@cloudscape-design/components/alert";
import { HeldForApproval } from "../api/errors";
import { ApiErrorContent, errorTitle } from "./ApiErrorContent";

/** header replaces the title the error's code gives (a 409 that is no edit race, say). */
export function DialogError({ error, header }: { error: unknown; header?: string }) {
  if (!error) return null;
  const held = error instanceof HeldForApproval;
  return (
    <Alert type={held ? "info" : "error"} header={held ? errorTitle(error) : (header ?? errorTitle(error))}>
      <ApiErrorContent error={error} />
    </Alert>
  );
}
