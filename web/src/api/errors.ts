// ApiError is the one error type the console handles: every failed call,
// whether the API answered with its envelope, answered something else, or
// could not be reached, becomes an ApiError.

import { ERROR_STATUS } from "./generated/contract";
import type { ErrorCode, ErrorDetails, ErrorEnvelope } from "./types";

/** The API's codes, and the console's own for failures the API never saw. */
export type ApiErrorCode = ErrorCode | "NETWORK" | "UPLOAD_FAILED";

const codes = Object.keys(ERROR_STATUS) as ErrorCode[];
const codeByStatus = new Map(codes.map((c) => [ERROR_STATUS[c] as number, c]));

/** The API's code, or (for one the console does not know) the code of the status. */
function knownCode(code: string | undefined, status: number): ErrorCode {
  return codes.find((c) => c === code) ?? codeByStatus.get(status) ?? "INTERNAL";
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: ErrorDetails;
  readonly requestId: string | undefined;

  constructor(status: number, code: ApiErrorCode, message: string, details: ErrorDetails = {}, requestId?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId ?? (typeof details.requestId === "string" ? details.requestId : undefined);
  }

  /** The reason the API gave for one input field, if this error names it. */
  fieldReason(field: string): string | undefined {
    if (this.code !== "VALIDATION_ERROR" || this.details.field !== field) return undefined;
    return this.details.reason || this.message;
  }

  get isForbidden(): boolean {
    return this.status === 403;
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

function isEnvelope(v: unknown): v is ErrorEnvelope {
  if (typeof v !== "object" || v === null || !("error" in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string";
}

/**
 * The answer of a call a workflow holds for approval (202): nothing was done
 * yet; the request it names runs the call on its last approval. It is thrown
 * like an error, since the call did not do what it asked, but it is no
 * failure: the flashbar shows it as information with a link to the request.
 */
export class HeldForApproval extends Error {
  readonly approvalRequestId: string;
  /** The request's status when it was made: pending. */
  readonly requestStatus: string;

  constructor(approvalRequestId: string, requestStatus: string, message: string) {
    super(message);
    this.name = "HeldForApproval";
    this.approvalRequestId = approvalRequestId;
    this.requestStatus = requestStatus;
  }

  /** Where the request is followed in the console. */
  get href(): string {
    return `/approvals/${encodeURIComponent(this.approvalRequestId)}`;
  }
}

/** The HeldForApproval of a 202 answer's JSON, or undefined when it is not one. */
export function heldFrom(body: unknown): HeldForApproval | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { approvalRequestId, status, message } = body as Record<string, unknown>;
  if (typeof approvalRequestId !== "string" || !approvalRequestId) return undefined;
  return new HeldForApproval(
    approvalRequestId,
    typeof status === "string" ? status : "pending",
    typeof message === "string" && message ? message : "the operation waits for approval",
  );
}

/** Builds the ApiError for a response that is not ok. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const requestId = res.headers.get("X-Request-Id") ?? undefined;
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (isEnvelope(body)) {
    const { code, message, details } = body.error;
    return new ApiError(res.status, knownCode(code, res.status), message, details ?? {}, requestId);
  }
  return new ApiError(res.status, knownCode(undefined, res.status), `The server answered ${res.status} ${res.statusText}`.trim(), {}, requestId);
}

export function networkError(cause: unknown): ApiError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(0, "NETWORK", `The CloudCensus API could not be reached (${msg}).`);
}

/** The reason for field from err when err is an ApiError that names it. */
export function fieldError(err: unknown, field: string): string | undefined {
  return err instanceof ApiError ? err.fieldReason(field) : undefined;
}
