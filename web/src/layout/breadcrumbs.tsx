// Pages declare their breadcrumbs; the shell shows them in the app layout.

import type { BreadcrumbGroupProps } from "@cloudscape-design/components/breadcrumb-group";
import { createContext, useContext, useEffect } from "react";
import { useLocation } from "react-router";

export type Crumb = BreadcrumbGroupProps.Item;

/** Crumbs belong to the path that set them, so a page that sets none shows none. */
export interface PathCrumbs {
  path: string;
  items: Crumb[];
}

export const BreadcrumbsContext = createContext<(c: PathCrumbs) => void>(() => {});

export function useBreadcrumbs(items: Crumb[]): void {
  const set = useContext(BreadcrumbsContext);
  const { pathname } = useLocation();
  const key = JSON.stringify(items);
  useEffect(() => {
    set({ path: pathname, items: JSON.parse(key) as Crumb[] });
  }, [set, key, pathname]);
}
