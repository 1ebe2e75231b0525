import { describe, expect, it } from "vitest";
import type { RefreshResponse } from "../api/types";
import { tokens, user } from "../test/fakeApi";
import { jwtExpiry, lifetimeSeconds, refreshLeadMs, Session, type Clock } from "./session";

/** A clock the test moves by hand; timers fire when it passes them. */
function manualClock() {
  let t = 1_000_000;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const clock: Clock = {
    now: () => t,
    setTimeout: (fn, ms) => {
      const id = next++;
      // Like the browser's setTimeout: a delay that is not a number means now.
      timers.push({ at: t + (Number.isFinite(ms) ? Math.max(0, ms) : 0), fn, id });
      return id;
    },
    clearTimeout: (h) => {
      timers = timers.filter((x) => x.id !== h);
    },
  };
  const advance = async (ms: number) => {
    t += ms;
    const due = timers.filter((x) => x.at <= t);
    timers = timers.filter((x) => x.at > t);
    for (const x of due) x.fn();
    await new Promise((r) => setTimeout(r, 0));
  };
  /** Moves time without firing timers, as when a laptop sleeps. */
  const jump = (ms: number) => {
    t += ms;
  };
  return { clock, advance, jump, pending: () => timers.length };
}

describe("Session", () => {
  it("refreshes a minute before a one-hour token expires", async () => {
    const { clock, advance } = manualClock();
    let calls = 0;
    const s = new Session(async (): Promise<RefreshResponse> => {
      calls++;
      return { token: "access-2", expiresIn: 3600, user: user() };
    }, clock);
    s.start(tokens(user(), "access-1", 3600));
    await advance(3600_000 - 60_000 - 1);
    expect(calls).toBe(0);
    await advance(1);
    expect(calls).toBe(1);
    expect(s.current?.token).toBe("access-2");
    // Nothing of the refresh token is held: it is the API's HttpOnly cookie.
    expect(JSON.stringify(s.current)).not.toContain("refresh");
  });

  it("refreshes a short token at four fifths of its life", () => {
    expect(refreshLeadMs(60)).toBe(12_000);
    expect(refreshLeadMs(3600)).toBe(60_000);
  });

  it("refreshes on demand when a timer was late", async () => {
    const { clock, jump } = manualClock();
    const s = new Session(async () => ({ token: "fresh", expiresIn: 3600, user: user() }), clock);
    s.start(tokens(user(), "stale", 100));
    jump(200_000);
    await expect(s.accessToken()).resolves.toBe("fresh");
  });

  it("ends as expired when the refresh is refused, and tells its listeners", async () => {
    const { clock, advance } = manualClock();
    const s = new Session(async () => {
      throw new Error("revoked");
    }, clock);
    const events: (string | undefined)[] = [];
    s.subscribe((e) => events.push(e.ended));
    s.start(tokens(user(), "a", 100));
    await advance(100_000);
    expect(s.current).toBeNull();
    expect(s.lastEnd).toBe("expired");
    expect(events.at(-1)).toBe("expired");
  });

  it("stops refreshing after sign-out", async () => {
    const { clock, advance, pending } = manualClock();
    let refreshed = false;
    const s = new Session(async () => {
      refreshed = true;
      return { token: "x", expiresIn: 100, user: user() };
    }, clock);
    s.start(tokens(user(), "a", 100));
    s.end("signed_out");
    expect(pending()).toBe(0);
    await advance(200_000);
    expect(refreshed).toBe(false);
    expect(s.lastEnd).toBe("signed_out");
  });

  it("resumes the session its cookie names, or stays signed out", async () => {
    const { clock } = manualClock();
    const resumed = new Session(async () => ({ token: "access-9", expiresIn: 3600, user: user() }), clock);
    expect(await resumed.restore()).toBe(true);
    expect(resumed.current?.token).toBe("access-9");
    const none = new Session(async () => {
      throw new Error("401");
    }, clock);
    expect(await none.restore()).toBe(false);
    expect(none.current).toBeNull();
    expect(none.lastEnd).toBeUndefined();
  });

  it("never refreshes in a loop when the answer lacks expiresIn", async () => {
    const { clock, advance } = manualClock();
    let refreshes = 0;
    const s = new Session(async () => {
      refreshes++;
      return { token: "opaque", expiresIn: undefined as unknown as number, user: user() };
    }, clock);
    s.start({ ...tokens(user(), "opaque"), expiresIn: undefined as unknown as number });
    await advance(1_000);
    expect(refreshes).toBe(0);
    // Without expiresIn nor a JWT, the default five-minute life applies.
    await advance(300_000);
    expect(refreshes).toBe(1);
  });
});

describe("token lifetime", () => {
  const jwt = (claims: object) => `h.${btoa(JSON.stringify(claims)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}.sig`;
  it("comes from expiresIn, else the JWT's exp, else five minutes", () => {
    const now = 1_700_000_000_000;
    expect(lifetimeSeconds("x", 3600, now)).toBe(3600);
    expect(lifetimeSeconds(jwt({ exp: now / 1000 + 900 }), undefined, now)).toBe(900);
    expect(lifetimeSeconds(jwt({ exp: now / 1000 - 10 }), 0, now)).toBe(300);
    expect(lifetimeSeconds("not-a-jwt", undefined, now)).toBe(300);
  });
  it("reads exp from base64url payloads", () => {
    expect(jwtExpiry(jwt({ exp: 42, sub: "??>>" }))).toBe(42);
    expect(jwtExpiry("a.%%%.b")).toBeUndefined();
  });
});
