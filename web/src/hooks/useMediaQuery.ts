// Layout that follows the window's width: below 1280 px the side
// navigation starts closed and lists show fewer columns by default, so
// the main tables fit a 1024 px window without scrolling sideways.

import { useCallback, useState, useSyncExternalStore } from "react";

/** Windows narrower than this are "narrow". */
export const NARROW_QUERY = "(max-width: 1279px)";

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const m = typeof window !== "undefined" && window.matchMedia ? window.matchMedia(query) : undefined;
      m?.addEventListener("change", onChange);
      return () => m?.removeEventListener("change", onChange);
    },
    [query],
  );
  const read = () => (typeof window !== "undefined" && window.matchMedia ? window.matchMedia(query).matches : false);
  return useSyncExternalStore(subscribe, read, () => false);
}

/**
 * The side navigation's open state for AppLayout's navigationOpen: closed
 * at first on a narrow window, open on a wide one, and closed when the
 * window narrows; the user's toggle wins until the width class changes.
 */
export function useNavigationOpen(): [boolean, (open: boolean) => void] {
  const narrow = useMediaQuery(NARROW_QUERY);
  const [state, setState] = useState<{ narrow: boolean; open: boolean }>(() => ({ narrow, open: !narrow }));
  if (state.narrow !== narrow) {
    // The window crossed the breakpoint: follow it (set during render, React's pattern for derived state).
    setState({ narrow, open: !narrow });
  }
  const setOpen = useCallback((open: boolean) => setState((s) => ({ ...s, open })), []);
  return [state.narrow !== narrow ? !narrow : state.open, setOpen];
}
