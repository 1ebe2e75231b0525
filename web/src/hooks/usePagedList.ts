// A list page's data: the page and filters (useSearchState), the query of
// the page shown (kept on screen while the next one loads), and the rows
// the user selected. The filters are the route's query parameters, sent as
// they are: a filter the route does not take fails tsc.

import { keepPreviousData, useQuery, type QueryKey, type UseQueryResult } from "@tanstack/react-query";
import { useState } from "react";
import type { Pagination } from "../api/types";
import type { SearchState } from "./useSearchState";

export const PAGE_SIZE = 20;

/** What every list answer has in common; lists without pages leave pagination out. */
export interface Listing<T> {
  data: T[];
  pagination?: Pagination;
}

export type Item<R> = R extends Listing<infer T> ? T : never;

export interface PagedList<R extends Listing<unknown>, K extends string> extends SearchState<K> {
  query: UseQueryResult<R>;
  setPage(page: number): void;
  selected: Item<R>[];
  setSelected(items: Item<R>[]): void;
}

export function usePagedList<Q, R extends Listing<unknown>, K extends string & keyof NonNullable<Q>>(options: {
  /** The query key's prefix, e.g. ["tasks", "list"]: the page and filters follow it. */
  queryKey: QueryKey;
  state: SearchState<K>;
  /** The API function of the list route. */
  load: (query: Q) => Promise<R>;
  pageSize?: number;
  /** How often to poll, given the page shown; false not to. */
  refetchInterval?: (data: R | undefined) => number | false;
}): PagedList<R, K> {
  const { queryKey, state, load, pageSize = PAGE_SIZE, refetchInterval } = options;
  const filters = Object.fromEntries(Object.entries(state.values).map(([k, v]) => [k, v || undefined]));
  const params = { ...filters, page: state.page, page_size: pageSize } as Q;
  const query = useQuery<R>({
    queryKey: [...queryKey, params],
    queryFn: () => load(params),
    placeholderData: keepPreviousData,
    refetchInterval: refetchInterval && ((q) => refetchInterval(q.state.data)),
  });
  const [selected, setSelected] = useState<Item<R>[]>([]);
  return { ...state, query, setPage: (page) => state.set({ page } as Partial<Record<K | "page", number>>), selected, setSelected };
}
