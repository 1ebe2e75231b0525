import { describe, expect, it } from "vitest";
import type { RefreshResponse } from "../api/types";
import { tokens, user } from "../test/fakeApi";
import { refreshLeadMs, Session, type Clock } from "./session";

/** A clock the test moves by hand; timers fire when it passes them. */
function manualClock() {
  let t = 1_000_000;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const clock: Clock = {
    now: () => t,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.push({ at: t + ms, fn, id });
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
    const calls: string[] = [];
    const s = new Session(async (rt): Promise<RefreshResponse> => {
      calls.push(rt);
      return { token: "access-2", expiresIn: 3600, user: user() };
    }, clock);
    s.start(tokens(user(), "access-1", 3600));
    await advance(3600_000 - 60_000 - 1);
    expect(calls).toEqual([]);
    await advance(1);
    expect(calls).toEqual(["refresh-1"]);
    expect(s.current?.token).toBe("access-2");
    // The refresh token is kept: the refresh answer carries none.
    expect(s.current?.refreshToken).toBe("refresh-1");
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
});
