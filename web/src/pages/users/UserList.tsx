// Users of the workspace: filter by role, status and name; create one.

import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select, { type SelectProps } from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../../app/services";
import { Can } from "../../auth/permissions";
import { ErrorAlert } from "../../components/ErrorAlert";
import { RouterLink } from "../../components/RouterLink";
import { USER_STATUSES, UserStatusIndicator } from "../../components/status";
import { counter, EmptyState, Pager, PAGE_SIZE, optionFor } from "../../components/table";
import { formatDate, humanize, ROLES, roleLabel } from "../../format";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { CreateUserModal } from "./CreateUserModal";

const roleOptions: SelectProps.Option[] = [{ value: "", label: "Any role" }, ...ROLES.map((r) => ({ value: r, label: roleLabel(r) }))];
const statusOptions: SelectProps.Option[] = [{ value: "", label: "Any status" }, ...USER_STATUSES.map((s) => ({ value: s, label: humanize(s) }))];

export default function UserList() {
  useBreadcrumbs([{ text: "Users", href: "/users" }]);
  const api = useApi();
  const navigate = useNavigate();
  const { values, page, set } = useSearchState(["role", "status", "search"] as const);
  const [search, setSearch] = useState(values.search);
  const [creating, setCreating] = useState(false);
  useEffect(() => setSearch(values.search), [values.search]);
  // Search as the user types, a moment after they stop.
  useEffect(() => {
    const t = setTimeout(() => search.trim() !== values.search && set({ search: search.trim() }), 400);
    return () => clearTimeout(t);
  }, [search, values.search, set]);

  const query = {
    page,
    page_size: PAGE_SIZE,
    role: values.role || undefined,
    status: values.status || undefined,
    search: values.search || undefined,
  };
  const users = useQuery({ queryKey: ["users", "list", query], queryFn: () => api.users.list(query), placeholderData: keepPreviousData });

  return (
    <>
      <Table
        variant="full-page"
        trackBy="id"
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={counter(users.data?.pagination)}
            description="People who can sign in to this workspace."
            actions={
              <Can ui="button:user-create">
                <Button variant="primary" onClick={() => setCreating(true)}>
                  Create user
                </Button>
              </Can>
            }
          >
            Users
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <Input type="search" value={search} onChange={(e) => setSearch(e.detail.value)} placeholder="Find by username or email" ariaLabel="Find users" />
            <Select selectedOption={optionFor(roleOptions, values.role)} options={roleOptions} onChange={(e) => set({ role: e.detail.selectedOption.value })} ariaLabel="Filter by role" />
            <Select selectedOption={optionFor(statusOptions, values.status)} options={statusOptions} onChange={(e) => set({ status: e.detail.selectedOption.value })} ariaLabel="Filter by status" />
          </SpaceBetween>
        }
        pagination={<Pager info={users.data?.pagination} onChange={(p) => set({ page: p })} />}
        loading={users.isLoading}
        loadingText="Loading users"
        items={users.data?.data ?? []}
        empty={users.error ? <ErrorAlert error={users.error} onRetry={() => void users.refetch()} /> : <EmptyState title="No users" subtitle="No user matches these filters." />}
        columnDefinitions={[
          { id: "username", header: "Username", isRowHeader: true, cell: (u) => <RouterLink href={`/users/${u.id}`}>{u.username}</RouterLink> },
          { id: "email", header: "Email", cell: (u) => u.email },
          { id: "role", header: "Role", cell: (u) => roleLabel(u.role) },
          { id: "status", header: "Status", cell: (u) => <UserStatusIndicator status={u.status} /> },
          { id: "created", header: "Created", cell: (u) => formatDate(u.createdAt) },
        ]}
      />
      <CreateUserModal visible={creating} onDismiss={() => setCreating(false)} onCreated={(u) => {
        setCreating(false);
        navigate(`/users/${u.id}`);
      }} />
    </>
  );
}
