import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { currentTimeZone, formatDate, formatDateIn, formatWhen, setTimeZonePreference } from "./format";

const at = "2026-12-02T17:48:09Z";

describe("times", () => {
  beforeEach(() => {
    // A zone with an offset, so local time cannot pass for UTC.
    vi.stubEnv("TZ", "Europe/Berlin");
    localStorage.clear();
    setTimeZonePreference("local");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    localStorage.clear();
    setTimeZonePreference("local");
  });

  it("read to the second, with the zone", () => {
    expect(formatDate(at, "utc")).toBe("2026-12-02 17:48:09 UTC");
    expect(formatDate(at, "local")).toBe("2026-12-02 18:48:09 GMT+1");
    expect(formatDate("2026-07-01T00:00:05Z", "local")).toBe("2026-07-01 02:00:05 GMT+2");
    expect(formatDate(undefined)).toBe("-");
    expect(formatDate("not a time")).toBe("not a time");
  });

  it("follow the user's choice of UTC or local, remembered in this browser", () => {
    expect(currentTimeZone()).toBe("local");
    expect(formatDate(at)).toBe("2026-12-02 18:48:09 GMT+1");
    setTimeZonePreference("utc");
    expect(localStorage.getItem("cloudcensus:time-zone")).toBe("utc");
    expect(formatDate(at)).toBe("2026-12-02 17:48:09 UTC");
    expect(formatWhen(at, Date.parse(at) - 3 * 3600_000)).toBe("in 3 hours (2026-12-02 17:48:09 UTC)");
  });

  it("in a schedule's zone carry the seconds and name the zone", () => {
    expect(formatDateIn("2027-01-31T08:00:00Z", "Europe/Berlin")).toBe("2027-01-31 09:00:00 (Europe/Berlin)");
    expect(formatDateIn("2027-01-31T08:00:00Z", "America/New_York")).toBe("2027-01-31 03:00:00 (America/New_York)");
  });
});
