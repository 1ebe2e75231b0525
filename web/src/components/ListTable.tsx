// The table of every list in the console: a Cloudscape Table fed by one
// query, with its header and counter, the loading and empty states, a failed
// query shown in place of the rows (with a retry), the pager of the API's
// pagination when the list has pages (open-ended when the API stopped
// counting at its cap), and row selection when asked for.

import Header from "@cloudscape-design/components/header";
import Pagination from "@cloudscape-design/components/pagination";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { Listing } from "../hooks/usePagedList";
import { formatTotal } from "../format";
import { ErrorAlert } from "./ErrorAlert";
import { EmptyState } from "./table";

export interface ListSource<T> {
  query: UseQueryResult<Listing<T>>;
  /** Present for a list with pages. */
  setPage?: (page: number) => void;
  selected?: T[];
  setSelected?: (items: T[]) => void;
}

type Own = "items" | "loading" | "loadingText" | "empty" | "header" | "pagination" | "selectedItems" | "onSelectionChange" | "ariaLabels";

export interface ListTableProps<T> extends Omit<TableProps<T>, Own> {
  list: ListSource<T>;
  title: ReactNode;
  /** The rows' name in the plural, lower case: "Loading tasks", "Select all tasks". */
  noun: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** Defaults to the API's total for a list with pages, none for others. */
  counter?: string;
  empty: { title: string; subtitle?: string };
  /** How a selectable row is named to a screen reader ("Select ..."). */
  itemName?: (item: T) => string;
}

export function ListTable<T>({ list, title, noun, description, actions, counter, empty, itemName, variant, ...table }: ListTableProps<T>) {
  const { query, setPage, selected, setSelected } = list;
  const info = query.data?.pagination;
  return (
    <Table<T>
      {...table}
      variant={variant}
      trackBy={table.trackBy ?? "id"}
      header={
        <Header variant={variant === "full-page" ? "awsui-h1-sticky" : "h2"} counter={counter ?? (setPage && info ? `(${formatTotal(info)})` : undefined)} description={description} actions={actions}>
          {title}
        </Header>
      }
      loading={query.isLoading}
      loadingText={`Loading ${noun}`}
      items={query.data?.data ?? []}
      empty={query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : <EmptyState title={empty.title} subtitle={empty.subtitle} />}
      pagination={
        setPage && (
          <Pagination
            currentPageIndex={info?.page ?? 1}
            pagesCount={Math.max(1, info?.total_pages ?? 1)}
            openEnd={info?.total_capped === true}
            onChange={(e) => setPage(e.detail.currentPageIndex)}
            ariaLabels={{ nextPageLabel: "Next page", previousPageLabel: "Previous page", pageLabel: (n) => `Page ${n}` }}
          />
        )
      }
      selectedItems={selected}
      onSelectionChange={setSelected && ((e) => setSelected(e.detail.selectedItems))}
      ariaLabels={
        itemName && {
          selectionGroupLabel: `${noun} selection`,
          itemSelectionLabel: (_, item) => `Select ${itemName(item)}`,
          allItemsSelectionLabel: () => `Select all ${noun}`,
        }
      }
    />
  );
}
