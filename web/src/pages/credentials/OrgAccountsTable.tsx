// An organization's member accounts as a table, filtered by text: the
// credential's discovered members, and the members a task recorded. The
// status is the account's in AWS Organizations (only active ones are
// scanned).

import { type StatusIndicatorProps } from "@cloudscape-design/components/status-indicator";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { useCollection } from "@cloudscape-design/collection-hooks";
import type { ReactNode } from "react";
import type { OrgAccount } from "../../api/types";
import { CopyValue } from "../../components/CopyValue";
import { Status } from "../../components/status";
import { EmptyState } from "../../components/table";
import { humanize } from "../../format";

const statusKinds: Record<string, StatusIndicatorProps.Type> = { ACTIVE: "success", SUSPENDED: "stopped", PENDING_CLOSURE: "warning" };

/** An account's status in AWS Organizations: ACTIVE, SUSPENDED or PENDING_CLOSURE. */
export function OrgAccountStatus({ status }: { status: string }) {
  return <Status type={statusKinds[status] ?? "info"}>{humanize(status.toLowerCase())}</Status>;
}

export function AccountId({ id }: { id: string }) {
  return <CopyValue value={id} label="account id" />;
}

export function OrgAccountsTable<T extends OrgAccount>({
  accounts,
  header,
  loading = false,
  empty,
  extraColumns = [],
  label,
}: {
  accounts: readonly T[];
  header: ReactNode;
  loading?: boolean;
  /** What the table shows with no accounts (none discovered yet, an error). */
  empty: ReactNode;
  extraColumns?: TableProps.ColumnDefinition<T>[];
  /** The table's name to a screen reader, and the filter's. */
  label: string;
}) {
  const { items, filterProps, filteredItemsCount, collectionProps } = useCollection([...accounts], {
    filtering: {
      fields: ["id", "name", "email", "ouPath", "status"],
      empty,
      noMatch: <EmptyState title="No match" subtitle="No account matches the filter." />,
    },
    sorting: { defaultState: { sortingColumn: { sortingField: "ouPath" } } },
  });
  return (
    <Table<T>
      {...collectionProps}
      variant="container"
      header={header}
      items={items}
      trackBy="id"
      loading={loading}
      loadingText="Listing the member accounts"
      ariaLabels={{ tableLabel: label }}
      wrapLines
      filter={
        <TextFilter
          {...filterProps}
          filteringPlaceholder="Find accounts"
          filteringAriaLabel={`Find ${label.toLowerCase()}`}
          countText={`${filteredItemsCount ?? 0} ${filteredItemsCount === 1 ? "match" : "matches"}`}
        />
      }
      columnDefinitions={[
        { id: "id", header: "Account id", cell: (a) => <AccountId id={a.id} />, sortingField: "id", minWidth: 170 },
        { id: "name", header: "Name", cell: (a) => a.name, sortingField: "name", isRowHeader: true },
        { id: "email", header: "E-mail", cell: (a) => a.email || "-", sortingField: "email" },
        { id: "ouPath", header: "OU path", cell: (a) => a.ouPath, sortingField: "ouPath" },
        { id: "status", header: "Status", cell: (a) => <OrgAccountStatus status={a.status} />, sortingField: "status", minWidth: 130 },
        ...extraColumns,
      ]}
    />
  );
}
