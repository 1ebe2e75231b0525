// Session keeps the access token in memory only (never in storage, which a
// script injected into the page could read). The refresh token is the
// API's HttpOnly session cookie, which no script can read: restore() asks
// the API for a fresh access token with it, so a reload or a new tab
// resumes the session. It refreshes the access token before it expires,
// refreshes once more when the API rejects a token, and tells its
// listeners when the session ends so the console can return to the
// sign-in page.

import type { TokenSource } from "../api/client";
import type { RefreshResponse, SessionTokens } from "../api/types";

/** The signed-in user, as the sign-in and refresh answers name it. */
export type SessionUser = SessionTokens["user"];

export type EndReason = "signed_out" | "expired";

export interface SessionState {
  token: string;
  /** Epoch milliseconds at which the access token expires. */
  expiresAt: number;
  user: SessionUser;
}

export interface SessionEvent {
  state: SessionState | null;
  ended?: EndReason;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** How long before expiry the token is refreshed: a fifth of its life, at most a minute. */
export function refreshLeadMs(expiresInSeconds: number): number {
  return Math.min(60_000, (expiresInSeconds * 1000) / 5);
}

/** Never refresh more often than this, whatever the token says. */
const MIN_REFRESH_DELAY_MS = 5_000;
/** The lifetime assumed when neither the answer nor the token tells it. */
const FALLBACK_LIFETIME_S = 300;

/** The `exp` claim of a JWT, read (not verified: only to schedule the refresh). */
export function jwtExpiry(token: string): number | undefined {
  const part = token.split(".")[1];
  if (!part) return undefined;
  try {
    const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The token's lifetime in seconds: the answer's expiresIn, else the JWT's
 * exp claim, else a safe default, so a missing field can never make the
 * session refresh in a loop.
 */
export function lifetimeSeconds(token: string, expiresIn: unknown, nowMs: number): number {
  if (typeof expiresIn === "number" && Number.isFinite(expiresIn) && expiresIn > 0) return expiresIn;
  const exp = jwtExpiry(token);
  if (exp !== undefined && exp * 1000 > nowMs) return (exp * 1000 - nowMs) / 1000;
  return FALLBACK_LIFETIME_S;
}

export class Session implements TokenSource {
  private state: SessionState | null = null;
  private ended: EndReason | undefined;
  private inflight: Promise<boolean> | null = null;
  private timer: unknown = null;
  private readonly listeners = new Set<(e: SessionEvent) => void>();
  private readonly refresher: () => Promise<RefreshResponse>;
  private readonly clock: Clock;

  constructor(refresher: () => Promise<RefreshResponse>, clock: Clock = realClock) {
    this.refresher = refresher;
    this.clock = clock;
  }

  get current(): SessionState | null {
    return this.state;
  }

  /** Why the last session ended, if one did. */
  get lastEnd(): EndReason | undefined {
    return this.ended;
  }

  subscribe(fn: (e: SessionEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  start(t: SessionTokens): void {
    this.ended = undefined;
    this.apply({ token: t.token, expiresIn: t.expiresIn, user: t.user });
  }

  /** Resumes the session the cookie names, if any; true when one was resumed. */
  async restore(): Promise<boolean> {
    if (this.state) return true;
    try {
      const r = await this.refresher();
      this.apply({ token: r.token, expiresIn: r.expiresIn, user: r.user });
      return true;
    } catch {
      return false;
    }
  }

  /** Ends the session; the caller revokes the refresh token first when signing out. */
  end(reason: EndReason): void {
    if (!this.state) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.state = null;
    this.ended = reason;
    this.emit({ state: null, ended: reason });
  }

  async accessToken(): Promise<string | null> {
    const s = this.state;
    if (!s) return null;
    // A timer can fire late (a laptop asleep, a throttled tab): refresh on demand too.
    if (this.clock.now() >= s.expiresAt - 5_000) {
      await this.refresh();
    }
    return this.state?.token ?? null;
  }

  async refreshAfterRejection(rejected: string): Promise<boolean> {
    if (!this.state) return false;
    // Another call already replaced the rejected token: use the new one.
    if (this.state.token !== rejected) return true;
    return this.refresh();
  }

  /** Refreshes the access token; concurrent callers share one request. */
  refresh(): Promise<boolean> {
    if (this.inflight) return this.inflight;
    const s = this.state;
    if (!s) return Promise.resolve(false);
    this.inflight = this.refresher()
      .then((r) => {
        if (this.state !== s) return this.state !== null;
        this.apply({ token: r.token, expiresIn: r.expiresIn, user: r.user });
        return true;
      })
      .catch(() => {
        if (this.state === s) this.end("expired");
        return false;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  private apply(t: { token: string; expiresIn: number | undefined; user: SessionUser }): void {
    this.clock.clearTimeout(this.timer);
    const now = this.clock.now();
    const life = lifetimeSeconds(t.token, t.expiresIn, now);
    this.state = { token: t.token, expiresAt: now + life * 1000, user: t.user };
    const due = Math.max(MIN_REFRESH_DELAY_MS, life * 1000 - refreshLeadMs(life));
    this.timer = this.clock.setTimeout(() => void this.refresh(), due);
    this.emit({ state: this.state });
  }

  private emit(e: SessionEvent): void {
    for (const fn of this.listeners) fn(e);
  }
}
