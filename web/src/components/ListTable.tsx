// The table of every list in the console: a Cloudscape Table fed by one
// query, with its header and counter, the loading and empty states, a failed
// query shown in place of the rows (with a retry), the pager of the API's
// pagination when the list has pages (open-ended when the API stopped
// counting at its cap), and row selection when asked for.
//
// Rows read on one line (wrapLines off: a status never breaks mid-word, a
// long value is cut with an ellipsis), columns are resizable where the list
// gives their widths, and a full-page list keeps its header in view. A list with more columns than fit names
// the ones shown by default, on wide and on narrow windows; the others stay
// a click away in its preferences (remembered in this browser).

import Button from "@cloudscape-design/components/button";
import CollectionPreferences, { type CollectionPreferencesProps } from "@cloudscape-design/components/collection-preferences";
import Header from "@cloudscape-design/components/header";
import Pagination from "@cloudscape-design/components/pagination";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import type { UseQueryResult } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { Listing } from "../hooks/usePagedList";
import { NARROW_QUERY, useMediaQuery } from "../hooks/useMediaQuery";
import { formatTotal } from "../format";
import { ErrorAlert } from "./ErrorAlert";
import { EmptyState } from "./table";
import { useTimeZone } from "./TimeZoneControl";

export interface ListSource<T> {
  query: UseQueryResult<Listing<T>>;
  /** Present for a list with pages. */
  setPage?: (page: number) => void;
  selected?: T[];
  setSelected?: (items: T[]) => void;
}

type Own = "items" | "loading" | "loadingText" | "empty" | "header" | "pagination" | "selectedItems" | "onSelectionChange" | "ariaLabels" | "columnDisplay" | "preferences";

export interface ListTableProps<T> extends Omit<TableProps<T>, Own> {
  list: ListSource<T>;
  title: ReactNode;
  /** The rows' name in the plural, lower case: "Loading tasks", "Select all tasks". */
  noun: string;
  description?: ReactNode;
  /** The header's Info link (help/InfoLink). */
  info?: ReactNode;
  actions?: ReactNode;
  /** Defaults to the API's total for a list with pages, none for others. */
  counter?: string;
  /** What an empty list says with no filter set, and the action that fills it ("Start scan"). */
  empty: { title: string; subtitle?: string; action?: ReactNode };
  /** The list's filters: with one set, an empty list says nothing matches and offers to clear them. */
  filters?: { active: boolean; clear: () => void };
  /** The columns shown until the user chooses (all when left out): on wide windows, and on narrow ones (below 1280 px). */
  defaultColumns?: { wide?: readonly string[]; narrow?: readonly string[] };
  /** Where the user's choice of columns is remembered; defaults to the noun. */
  preferencesKey?: string;
  /** How a selectable row is named to a screen reader ("Select ..."). */
  itemName?: (item: T) => string;
}

export function ListTable<T>({
  list,
  title,
  noun,
  description,
  info: infoLink,
  actions,
  counter,
  empty,
  filters,
  defaultColumns,
  preferencesKey,
  itemName,
  variant,
  ...table
}: ListTableProps<T>) {
  const { query, setPage, selected, setSelected } = list;
  const info = query.data?.pagination;
  // Times are drawn in the zone the user chose; a change redraws the rows.
  useTimeZone();
  const columns = useColumnDisplay(table.columnDefinitions, defaultColumns, `cloudcensus:columns:${preferencesKey ?? noun}`);
  // Resizable columns lay the table out by the widths given; a list that gives none keeps the browser's layout by content.
  const sized = table.columnDefinitions.slice(0, -1).every((c) => c.width !== undefined);
  return (
    <Table<T>
      resizableColumns={sized}
      wrapLines={false}
      stickyHeader={variant === "full-page"}
      {...table}
      variant={variant}
      trackBy={table.trackBy ?? "id"}
      columnDisplay={columns?.display}
      preferences={columns && <ColumnPreferences noun={noun} columns={table.columnDefinitions} display={columns.display} onChange={columns.set} />}
      header={
        <Header variant={variant === "full-page" ? "awsui-h1-sticky" : "h2"} counter={counter ?? (setPage && info ? `(${formatTotal(info)})` : undefined)} description={description} info={infoLink} actions={actions}>
          {title}
        </Header>
      }
      loading={query.isLoading}
      loadingText={`Loading ${noun}`}
      items={query.data?.data ?? []}
      empty={
        query.error ? (
          <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        ) : filters?.active ? (
          <EmptyState title="No matches" subtitle={`No ${noun} match these filters.`} action={<Button onClick={filters.clear}>Clear filters</Button>} />
        ) : (
          <EmptyState title={empty.title} subtitle={empty.subtitle} action={empty.action} />
        )
      }
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
      ariaLabels={{
        ...(itemName && {
          selectionGroupLabel: `${noun} selection`,
          itemSelectionLabel: (_: unknown, item: T) => `Select ${itemName(item)}`,
          allItemsSelectionLabel: () => `Select all ${noun}`,
        }),
        resizerRoleDescription: "Resize button",
      }}
    />
  );
}

type Display = readonly CollectionPreferencesProps.ContentDisplayItem[];

function readStored(key: string): Display | undefined {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(key) ?? "null") as unknown;
    return Array.isArray(v) ? (v as Display) : undefined;
  } catch {
    return undefined;
  }
}

/** The columns on show: the user's choice once made, else the defaults for the window's width. */
function useColumnDisplay<T>(defs: readonly TableProps.ColumnDefinition<T>[], defaults: ListTableProps<T>["defaultColumns"], key: string) {
  const narrow = useMediaQuery(NARROW_QUERY);
  const [stored, setStored] = useState<Display | undefined>(() => (defaults ? readStored(key) : undefined));
  if (!defaults) return undefined;
  const ids = defs.map((d) => d.id ?? "");
  const shown = (narrow ? defaults.narrow : defaults.wide) ?? ids;
  const fallback: Display = ids.map((id) => ({ id, visible: shown.includes(id) }));
  // A stored choice names the columns of its day: drop the gone ones, add the new ones hidden.
  const display: Display = stored
    ? [...stored.filter((c) => ids.includes(c.id)), ...ids.filter((id) => !stored.some((c) => c.id === id)).map((id) => ({ id, visible: false }))]
    : fallback;
  const set = (d: Display) => {
    setStored(d);
    try {
      globalThis.localStorage?.setItem(key, JSON.stringify(d));
    } catch {
      // Not remembered in a browser that refuses storage; it holds until the page reloads.
    }
  };
  return { display, set };
}

function ColumnPreferences<T>({ noun, columns, display, onChange }: { noun: string; columns: readonly TableProps.ColumnDefinition<T>[]; display: Display; onChange: (d: Display) => void }) {
  const first = columns[0]?.id;
  return (
    <CollectionPreferences
      title="Preferences"
      confirmLabel="Confirm"
      cancelLabel="Cancel"
      closeAriaLabel="Close"
      preferences={{ contentDisplay: display }}
      onConfirm={(e) => e.detail.contentDisplay && onChange(e.detail.contentDisplay)}
      contentDisplayPreference={{
        title: "Columns",
        description: `The columns the ${noun} list shows, in order.`,
        options: columns.map((c) => ({ id: c.id ?? "", label: typeof c.header === "string" ? c.header : (c.id ?? ""), alwaysVisible: c.id === first })),
        liveAnnouncementDndStarted: (position, total) => `Picked up item at position ${position} of ${total}`,
        liveAnnouncementDndDiscarded: "Reordering canceled",
        liveAnnouncementDndItemReordered: (initial, current, total) =>
          initial === current ? `Moving item back to position ${current} of ${total}` : `Moving item to position ${current} of ${total}`,
        liveAnnouncementDndItemCommitted: (initial, final, total) =>
          initial === final ? `Item moved back to its original position ${initial} of ${total}` : `Item moved from position ${initial} to position ${final} of ${total}`,
        dragHandleAriaDescription: "Use Space or Enter to activate drag for an item, then use the arrow keys to move the item's position. To complete the position move, use Space or Enter, or to discard the move, use Escape.",
        dragHandleAriaLabel: "Drag handle",
      }}
    />
  );
}

