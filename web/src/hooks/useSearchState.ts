// Page, page size and filters live in the URL so a list can be shared,
// reloaded, and returned to after a sign-in.

import { useCallback } from "react";
import { useSearchParams } from "react-router";

export function useSearchState<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ""])) as Record<K, string>;
  const page = Math.max(1, Number(params.get("page")) || 1);

  const set = useCallback(
    (patch: Partial<Record<K | "page", string | number | undefined>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          // Changing a filter starts again at the first page.
          if (!("page" in patch)) next.delete("page");
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === "" || (k === "page" && v === 1)) next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { values, page, set };
}
