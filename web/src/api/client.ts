// The HTTP layer: builds requests from the route table, adds the access
// token, turns failures into ApiError, and on a 401 asks the token source
// to refresh once before giving up. It knows nothing of React.

import { ApiError, errorFromResponse, heldFrom, networkError } from "./errors";
import { route, type BodyOf, type QueryOf, type ResponseOf, type Route, type RouteKey } from "./routes";

/** What the client needs from the session; implemented by auth/session.ts. */
export interface TokenSource {
  /** A valid access token, refreshed first if it is about to expire; null when signed out. */
  accessToken(): Promise<string | null>;
  /** Refreshes after the API refused the token; false ends the session. */
  refreshAfterRejection(rejected: string): Promise<boolean>;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface CallOptions<K extends RouteKey> {
  query?: QueryOf<K>;
  body?: BodyOf<K>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** What a request carries, once its route is looked up. */
type Outgoing = Omit<CallOptions<RouteKey>, "query" | "body"> & { query?: unknown; body?: unknown };

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === "") continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return `${baseUrl}${path}${qs ? `?${qs}` : ""}`;
}

export class ApiClient {
  private readonly baseUrl: string;
  private readonly tokens: TokenSource | undefined;
  private readonly fetchFn: typeof fetch;

  constructor(opts: { baseUrl?: string; tokens?: TokenSource; fetch?: typeof fetch } = {}) {
    this.baseUrl = opts.baseUrl ?? "";
    this.tokens = opts.tokens;
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /**
   * Calls the route named key and decodes its JSON answer (undefined for
   * 204). A call an approval workflow holds (202 naming the request) throws
   * HeldForApproval: it did not do what it asked, yet.
   */
  async call<K extends RouteKey>(key: K, opts: CallOptions<K> = {}): Promise<ResponseOf<K>> {
    const res = await this.send(route(key), opts);
    if (res.status === 204) return undefined as ResponseOf<K>;
    const text = await res.text();
    if (!text) return undefined as ResponseOf<K>;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(res.status, "INTERNAL", `${key} answered something that is not JSON.`, {}, res.headers.get("X-Request-Id") ?? undefined);
    }
    const held = res.status === 202 ? heldFrom(body) : undefined;
    if (held) throw held;
    return body as ResponseOf<K>;
  }

  private async send(route: Route, opts: Outgoing): Promise<Response> {
    const token = route.public || !this.tokens ? null : await this.tokens.accessToken();
    let res = await this.fetchOnce(route, opts, token);
    if (res.status === 401 && token && this.tokens) {
      if (await this.tokens.refreshAfterRejection(token)) {
        res = await this.fetchOnce(route, opts, await this.tokens.accessToken());
      }
    }
    if (!res.ok) throw await errorFromResponse(res);
    return res;
  }

  private async fetchOnce(route: Route, opts: Outgoing, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
    let body: string | undefined;
    if (route.method === "POST") {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.body ?? {});
    }
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await this.fetchFn(buildUrl(this.baseUrl, route.path, opts.query as Query | undefined), {
        method: route.method,
        headers,
        body,
        signal: opts.signal,
        credentials: "same-origin",
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") throw err;
      throw networkError(err);
    }
  }
}
