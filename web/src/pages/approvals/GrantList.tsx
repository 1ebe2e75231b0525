// Temporary grants: the permissions approved access requests gave, whose
// they are, until when (they end by themselves), and a revoke that ends
// one now.

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Grant } from "../../api/types";
import { useApi } from "../../app/services";
import { ConfirmModal } from "../../components/ConfirmModal";
import { useFlash } from "../../components/flash";
import { ListTable } from "../../components/ListTable";
import { RouterLink } from "../../components/RouterLink";
import { grantStatus, GrantStatusIndicator } from "../../components/status";
import { formatDate, formatRelative } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { useUserNames } from "./parts";
import { InfoLink } from "../../help/InfoLink";

export default function GrantList() {
  useBreadcrumbs([
    { text: "Approvals", href: "/approvals" },
    { text: "Temporary grants", href: "/approvals/grants" },
  ]);
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const users = useUserNames();
  const [confirm, setConfirm] = useState(false);
  const grants = usePagedList({
    queryKey: ["approvals", "grants"],
    state: useSearchState([] as const),
    load: api.approvals.grants,
    // A grant ends by itself: keep its status current.
    refetchInterval: () => 30_000,
  });
  const selectedId = grants.selected[0]?.id;
  const only = grants.query.data?.data.find((g) => g.id === selectedId) ?? grants.selected[0];
  const status = only ? grantStatus(only) : undefined;

  const revoke = useApiMutation({
    mutationFn: (g: Grant) => api.approvals.revokeGrant(g.id),
    errorHeader: "The grant was not revoked",
    onSuccess: (g) => {
      flash.success(`Revoked ${g.username}'s access to ${g.permissions.join(", ")}: it stops working within seconds.`);
      setConfirm(false);
      grants.setSelected([]);
      void queryClient.invalidateQueries({ queryKey: ["approvals"] });
    },
    onError: () => setConfirm(false),
  });

  return (
    <>
      <ListTable
        list={grants}
        variant="full-page"
        title="Temporary grants"
        info={<InfoLink topic="grants" />}
        noun="grants"
        wrapLines
        selectionType="single"
        itemName={(g) => `${g.username} ${g.permissions.join(", ")}`}
        description="Permissions given for a while by approved access requests. Each ends by itself; revoking ends it now."
        actions={
          <Button
            disabled={!only || status !== "active"}
            disabledReason={only && status !== "active" ? `This grant is ${status}.` : undefined}
            onClick={() => setConfirm(true)}
          >
            Revoke
          </Button>
        }
        empty={{ title: "No grants", subtitle: "Approved access requests show here." }}
        columnDefinitions={[
          { id: "user", header: "User", isRowHeader: true, cell: (g) => g.username },
          {
            id: "permissions",
            header: "Permissions",
            cell: (g) => (
              <SpaceBetween size="xxxs">
                {g.permissions.map((p) => (
                  <Box key={p} variant="code">
                    {p}
                  </Box>
                ))}
              </SpaceBetween>
            ),
          },
          {
            id: "expires",
            header: "Expires",
            cell: (g) => (
              <SpaceBetween size="xxxs">
                <span>{formatRelative(g.expiresAt)}</span>
                <Box variant="small">{formatDate(g.expiresAt)}</Box>
              </SpaceBetween>
            ),
          },
          {
            id: "status",
            header: "Status",
            cell: (g) => (
              <SpaceBetween size="xxxs">
                <GrantStatusIndicator status={grantStatus(g)} />
                {g.revokedAt && (
                  <Box variant="small">
                    by {users.get(g.revokedBy ?? "") ?? g.revokedBy ?? "-"} {formatDate(g.revokedAt)}
                  </Box>
                )}
              </SpaceBetween>
            ),
          },
          { id: "granted", header: "Granted", cell: (g) => formatDate(g.createdAt) },
          { id: "request", header: "Request", cell: (g) => <RouterLink href={`/approvals/${g.requestId}`}>View request</RouterLink> },
        ]}
      />
      <ConfirmModal
        visible={confirm}
        title="Revoke grant"
        confirmText="Revoke"
        loading={revoke.isPending}
        onConfirm={() => only && revoke.mutate(only)}
        onDismiss={() => setConfirm(false)}
      >
        <SpaceBetween size="xs">
          <Box>
            Revoke {only?.username}'s access to {only?.permissions.join(", ")}? It would have ended {formatRelative(only?.expiresAt)}.
          </Box>
          <Box>It ends now: within a few seconds the permissions stop working. To have them again, {only?.username} makes a new request.</Box>
        </SpaceBetween>
      </ConfirmModal>
    </>
  );
}
