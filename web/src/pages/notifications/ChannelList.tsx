// The notification channels: type, events, state and health (a failing
// receiver shows its last error).

import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { useNavigate } from "react-router";
import { useApi } from "../../app/services";
import { Can } from "../../auth/permissions";
import { ListTable } from "../../components/ListTable";
import { RouterLink } from "../../components/RouterLink";
import { ChannelHealthIndicator } from "../../components/status";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { typeLabel } from "./form";
import { InfoLink } from "../../help/InfoLink";

export default function ChannelList() {
  useBreadcrumbs([{ text: "Notifications", href: "/notifications" }]);
  const api = useApi();
  const navigate = useNavigate();
  const channels = usePagedList({ queryKey: ["notifications", "list"], state: useSearchState([] as const), load: api.notifications.list });
  return (
    <ListTable
      list={channels}
      variant="full-page"
      title="Notification channels"
      info={<InfoLink topic="notifications" />}
      noun="channels"
      wrapLines
      description="DingTalk, Slack, Teams, webhooks and e-mail told about scans, schedules and security events."
      actions={
        <SpaceBetween direction="horizontal" size="xs">
          <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void channels.query.refetch()} loading={channels.query.isFetching && !channels.query.isLoading} />
          <Can ui="button:notification-create">
            <Button variant="primary" onClick={() => navigate("/notifications/new")}>
              Add channel
            </Button>
          </Can>
        </SpaceBetween>
      }
      empty={{ title: "No channels", subtitle: "Add one to hear about scans without watching the console." }}
      columnDefinitions={[
        { id: "name", header: "Name", cell: (c) => <RouterLink href={`/notifications/${c.id}`}>{c.name}</RouterLink>, isRowHeader: true },
        { id: "type", header: "Type", cell: (c) => typeLabel(c.type) },
        { id: "events", header: "Events", cell: (c) => c.events.join(", ") },
        {
          id: "enabled",
          header: "State",
          cell: (c) => (c.enabled ? <StatusIndicator type="success">Enabled</StatusIndicator> : <StatusIndicator type="stopped">Disabled</StatusIndicator>),
        },
        { id: "health", header: "Health", cell: (c) => <ChannelHealthIndicator health={c.health} /> },
      ]}
    />
  );
}
