import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { NARROW_QUERY, useNavigationOpen } from "./useMediaQuery";

/** A window whose width can change: matchMedia answers for max-width queries and tells its listeners. */
function fakeWindow(width: number) {
  const listeners = new Set<() => void>();
  let w = width;
  window.matchMedia = ((query: string) => {
    const max = Number(/max-width:\s*(\d+)px/.exec(query)?.[1] ?? Infinity);
    return {
      get matches() {
        return w <= max;
      },
      media: query,
      addEventListener: (_: string, l: () => void) => listeners.add(l),
      removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    } as unknown as MediaQueryList;
  }) as typeof window.matchMedia;
  return {
    resize(next: number) {
      w = next;
      listeners.forEach((l) => l());
    },
  };
}

describe("the side navigation", () => {
  const original = window.matchMedia;
  afterEach(() => {
    window.matchMedia = original;
  });

  it("starts closed on a 1024 px window and open on a 1440 px one", () => {
    expect(NARROW_QUERY).toBe("(max-width: 1279px)");
    fakeWindow(1024);
    expect(renderHook(() => useNavigationOpen()).result.current[0]).toBe(false);
    fakeWindow(1440);
    expect(renderHook(() => useNavigationOpen()).result.current[0]).toBe(true);
  });

  it("follows the user's toggle, and closes when the window narrows", () => {
    const win = fakeWindow(1440);
    const { result } = renderHook(() => useNavigationOpen());
    act(() => result.current[1](false));
    expect(result.current[0]).toBe(false);
    act(() => result.current[1](true));
    act(() => win.resize(1024));
    expect(result.current[0]).toBe(false);
    act(() => result.current[1](true));
    expect(result.current[0]).toBe(true);
    act(() => win.resize(1440));
    expect(result.current[0]).toBe(true);
  });
});
