// Pages declare their breadcrumbs; the shell shows them in the app layout.

import type { BreadcrumbGroupProps } from "@cloudscape-design/components/breadcrumb-group";
import { createContext, useContext, useEffect } from "react";

export type Crumb = BreadcrumbGroupProps.Item;

export const BreadcrumbsContext = createContext<(items: Crumb[]) => void>(() => {});

export function useBreadcrumbs(items: Crumb[]): void {
  const set = useContext(BreadcrumbsContext);
  const key = JSON.stringify(items);
  useEffect(() => {
    set(JSON.parse(key) as Crumb[]);
  }, [set, key]);
}
