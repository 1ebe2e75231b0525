import { fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatDate, setTimeZonePreference } from "../format";
import { TimeZoneControl, useTimeZone } from "./TimeZoneControl";

function Shown() {
  useTimeZone();
  return <p data-testid="time">{formatDate("2026-12-02T17:48:09Z")}</p>;
}

describe("the time zone control", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    setTimeZonePreference("local");
    localStorage.clear();
  });

  it("switches every time shown between local time and UTC, and remembers the choice", () => {
    vi.stubEnv("TZ", "Europe/Berlin");
    render(
      <>
        <TimeZoneControl />
        <Shown />
      </>,
    );
    expect(screen.getByTestId("time")).toHaveTextContent("2026-12-02 18:48:09 GMT+1");
    fireEvent.click(screen.getByText("UTC"));
    expect(screen.getByTestId("time")).toHaveTextContent("2026-12-02 17:48:09 UTC");
    expect(localStorage.getItem("cloudcensus:time-zone")).toBe("utc");
    fireEvent.click(screen.getByText("Local time"));
    expect(screen.getByTestId("time")).toHaveTextContent("2026-12-02 18:48:09 GMT+1");
  });
});
