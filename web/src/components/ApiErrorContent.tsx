// How an API error reads to a person: the message, the missing permission
// with its request link for a 403, the request id for support.

import Box from "@cloudscape-design/components/box";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { ApiError, HeldForApproval } from "../api/errors";
import { RouterLink } from "./RouterLink";

export function errorTitle(err: unknown): string {
  if (err instanceof HeldForApproval) return "Sent for approval";
  if (!(err instanceof ApiError)) return "Something went wrong";
  switch (err.code) {
    case "FORBIDDEN":
      return "You do not have permission";
    case "VALIDATION_ERROR":
      return "Check your input";
    case "NOT_FOUND":
      return "Not found";
    case "CONFLICT":
      return "Someone else changed this first";
    case "RATE_LIMITED":
      return "Too many requests";
    case "PAYLOAD_TOO_LARGE":
      return "Too large";
    case "UNSUPPORTED_MEDIA_TYPE":
      return "Unsupported file type";
    case "UNAUTHENTICATED":
      return "Your session has ended";
    case "NETWORK":
      return "Cannot reach CloudCensus";
    default:
      return "Something went wrong";
  }
}

/** The apply link of a 403: the API's, or one built from the permission. */
export function applyHref(err: ApiError): string | undefined {
  const { applyUrl, permission } = err.details;
  if (typeof applyUrl === "string" && applyUrl.startsWith("/")) return applyUrl;
  if (typeof permission === "string") return `/permissions/apply?permission=${encodeURIComponent(permission)}`;
  return undefined;
}

export function ApiErrorContent({ error }: { error: unknown }) {
  if (error instanceof HeldForApproval) {
    return (
      <SpaceBetween size="xxs">
        <span>Sent for approval: {error.message}</span>
        <RouterLink href={error.href}>View the request</RouterLink>
      </SpaceBetween>
    );
  }
  if (!(error instanceof ApiError)) {
    return <>{error instanceof Error ? error.message : String(error)}</>;
  }
  const permission = typeof error.details.permission === "string" ? error.details.permission : undefined;
  const href = error.isForbidden ? applyHref(error) : undefined;
  const field = error.code === "VALIDATION_ERROR" ? error.details.field : undefined;
  return (
    <SpaceBetween size="xxs">
      <span>{error.message}</span>
      {field && (
        <span>
          Field: <Box variant="code">{String(field)}</Box>
          {error.details.reason ? ` (${error.details.reason})` : null}
        </span>
      )}
      {permission && (
        <span>
          Missing permission: <Box variant="code">{permission}</Box>
        </span>
      )}
      {href && <RouterLink href={href}>Request this permission</RouterLink>}
      {error.requestId && (
        <Box variant="small" color="inherit">
          Request ID: {error.requestId}
        </Box>
      )}
    </SpaceBetween>
  );
}
