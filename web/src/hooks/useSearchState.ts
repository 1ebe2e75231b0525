// Page, page size and filters live in the URL so a list can be shared,
// reloaded, and returned to after a sign-in; a list inside another page
// keeps the same state in memory instead (useLocalSearchState).

import { useCallback, useState } from "react";
import { useSearchParams } from "react-router";

export interface SearchState<K extends string> {
  /** Each filter's value, "" when unset. */
  values: Record<K, string>;
  page: number;
  set(patch: Partial<Record<K | "page", string | number | undefined>>): void;
}

type Update = (next: (prev: URLSearchParams) => URLSearchParams) => void;

function useStateOf<K extends string>(params: URLSearchParams, update: Update, keys: readonly K[]): SearchState<K> {
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ""])) as Record<K, string>;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const set = useCallback(
    (patch: Partial<Record<K | "page", string | number | undefined>>) =>
      update((prev) => {
        const next = new URLSearchParams(prev);
        // Changing a filter starts again at the first page.
        if (!("page" in patch)) next.delete("page");
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined || v === "" || (k === "page" && v === 1)) next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      }),
    [update],
  );
  return { values, page, set };
}

export function useSearchState<K extends string>(keys: readonly K[]): SearchState<K> {
  const [params, setParams] = useSearchParams();
  const update = useCallback<Update>((next) => setParams(next, { replace: true }), [setParams]);
  return useStateOf(params, update, keys);
}

export function useLocalSearchState<K extends string>(keys: readonly K[]): SearchState<K> {
  const [params, setParams] = useState(() => new URLSearchParams());
  return useStateOf(params, setParams, keys);
}
