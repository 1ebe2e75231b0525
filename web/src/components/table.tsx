// Small pieces every list page shares: the empty state, the pager for the
// API's pagination object, and the counter in a table header.

import Box from "@cloudscape-design/components/box";
import Pagination from "@cloudscape-design/components/pagination";
import type { SelectProps } from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { ReactNode } from "react";
import type { Pagination as PageInfo } from "../api/types";

export function EmptyState({ title, subtitle, action }: { title: string; subtitle?: string; action?: ReactNode }) {
  return (
    <Box textAlign="center" color="inherit" padding={{ vertical: "s" }}>
      <SpaceBetween size="xxs">
        <Box variant="strong" color="inherit">
          {title}
        </Box>
        {subtitle && (
          <Box variant="p" color="inherit">
            {subtitle}
          </Box>
        )}
        {action}
      </SpaceBetween>
    </Box>
  );
}

export function Pager({ info, onChange }: { info: PageInfo | undefined; onChange: (page: number) => void }) {
  return (
    <Pagination
      currentPageIndex={info?.page ?? 1}
      pagesCount={Math.max(1, info?.total_pages ?? 1)}
      onChange={(e) => onChange(e.detail.currentPageIndex)}
      ariaLabels={{ nextPageLabel: "Next page", previousPageLabel: "Previous page", pageLabel: (n) => `Page ${n}` }}
    />
  );
}

export function counter(info: PageInfo | undefined): string | undefined {
  return info ? `(${info.total})` : undefined;
}

export const PAGE_SIZE = 20;

/** The option of a filter select whose value is v (the first, "any", when none is). */
export function optionFor(options: SelectProps.Option[], v: string): SelectProps.Option | null {
  return options.find((o) => o.value === v) ?? options[0] ?? null;
}
