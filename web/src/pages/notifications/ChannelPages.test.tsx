import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Channel } from "../../api/types";
import { ADMIN_UI, permissions, services, tokens, user, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import ChannelDetail from "./ChannelDetail";
import ChannelList from "./ChannelList";
import CreateChannel from "./CreateChannel";

const page = (data: unknown[]) => ({ data, pagination: { page: 1, page_size: 20, total: data.length, total_pages: 1 } });
const channel = (over: Partial<Channel>): Channel => ({
  id: "ch1", version: 2, name: "Ops hook", type: "webhook", enabled: true, events: ["task.failed"],
  config: { url: "https://hooks.example.com/…b2c3", secret: "********" },
  health: { consecutiveFailures: 0, unhealthy: false }, createdAt: "2026-01-01T00:00:00Z", createdBy: "u", updatedAt: "2026-01-01T00:00:00Z",
  ...over,
});

function setup(path: string, handlers: Record<string, Handler>) {
  const s = services({ "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }), ...handlers });
  s.session.start(tokens(user()));
  const view = renderRoutes(
    s,
    [
      { path: "/notifications", element: <ChannelList /> },
      { path: "/notifications/new", element: <CreateChannel /> },
      { path: "/notifications/:id", element: <ChannelDetail /> },
    ],
    path,
  );
  return { ...s, ...view };
}

const click = (text: string) => fireEvent.click(screen.getByText(text, { selector: "button, button *" }));
/** Waits for a button that shows once the permissions are loaded, then presses it. */
const press = async (text: string) => fireEvent.click(await screen.findByText(text, { selector: "button, button *" }));
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const tile = (label: string) => fireEvent.click(screen.getByLabelText(new RegExp(`^${label}`), { selector: "input" }));

describe("the channel form", () => {
  it("shows the fields and help of the chosen type", async () => {
    const { calls } = setup("/notifications/new", {
      "POST /api/notification-channels/create": () => ({ status: 201, body: channel({ id: "ch9", type: "email" }) }),
    });
    expect(await screen.findByLabelText("Endpoint URL")).toBeInTheDocument();
    expect(screen.getByText("Verifying webhook deliveries")).toBeInTheDocument();
    expect(screen.getByText("X-CloudCensus-Signature")).toBeInTheDocument();

    tile("Slack");
    expect(await screen.findByLabelText("Webhook URL")).toBeInTheDocument();
    expect(screen.queryByLabelText("Endpoint URL")).toBeNull();
    expect(screen.queryByLabelText("Signing secret")).toBeNull();
    expect(screen.getByText("Getting a Slack incoming webhook")).toBeInTheDocument();

    tile("DingTalk");
    expect(await screen.findByText("Getting a DingTalk robot URL and secret")).toBeInTheDocument();
    expect(screen.getByLabelText("Mobile numbers to mention")).toBeInTheDocument();

    tile("Microsoft Teams");
    expect(await screen.findByText("Getting a Teams Workflows webhook")).toBeInTheDocument();

    tile("E-mail");
    expect(await screen.findByLabelText("Recipients")).toBeInTheDocument();
    expect(screen.queryByLabelText("Webhook URL")).toBeNull();

    type("Name", "Ops mail");
    type("Recipients", "ops@example.com\nsec@example.com");
    click("Add channel");
    await waitFor(() => expect(calls.some((c) => c.path === "/api/notification-channels/create")).toBe(true));
    expect(calls.find((c) => c.path === "/api/notification-channels/create")?.body).toEqual({
      name: "Ops mail", type: "email", enabled: true, events: ["task.completed", "task.partially_completed", "task.failed"],
      config: { recipients: ["ops@example.com", "sec@example.com"] },
    });
  });

  it("sends the masked values back unless edited", async () => {
    const updates: unknown[] = [];
    setup("/notifications/ch1", {
      "GET /api/notification-channels/detail": () => ({ body: channel({}) }),
      "GET /api/notification-channels/deliveries": () => ({ body: page([]) }),
      "POST /api/notification-channels/update": (req) => {
        updates.push(req.body);
        return { body: channel({ version: 3 }) };
      },
    });
    await screen.findByText("https://hooks.example.com/…b2c3");
    await press("Edit");
    expect(screen.getByLabelText("Endpoint URL")).toHaveValue("");
    expect(screen.getByText(/Stored: https:\/\/hooks.example.com\/…b2c3/)).toBeInTheDocument();
    type("Name", "Ops hook 2");
    click("Save");
    await waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]).toMatchObject({ id: "ch1", version: 2, name: "Ops hook 2", config: { url: "https://hooks.example.com/…b2c3", secret: "********" } });

    await press("Edit");
    type("Endpoint URL", "https://new.example.com/hook");
    click("Save");
    await waitFor(() => expect(updates).toHaveLength(2));
    expect(updates[1]).toMatchObject({ config: { url: "https://new.example.com/hook", secret: "********" } });
  });

  it("shows what the receiver answered to a test", async () => {
    setup("/notifications/ch1", {
      "GET /api/notification-channels/detail": () => ({ body: channel({}) }),
      "GET /api/notification-channels/deliveries": () => ({ body: page([]) }),
      "POST /api/notification-channels/test": () => ({ body: { delivered: false, statusCode: 401, error: "bad signature" } }),
    });
    await screen.findByText("Ops hook", { selector: "h1, h1 *" });
    await press("Send test");
    expect(await screen.findByText("Test message not delivered")).toBeInTheDocument();
    expect(screen.getByText("The receiver answered 401.")).toBeInTheDocument();
    expect(screen.getByText("bad signature")).toBeInTheDocument();
  });
});

describe("a channel's health", () => {
  it("warns of a failing channel with its last error in the list", async () => {
    const failing = channel({ health: { consecutiveFailures: 5, unhealthy: true, lastError: "connection refused" } });
    const healthy = channel({ id: "ch2", name: "Fine hook", health: { consecutiveFailures: 0, unhealthy: false, lastDeliveredAt: "2026-01-02T00:00:00Z" } });
    setup("/notifications", { "GET /api/notification-channels": () => ({ body: page([failing, healthy]) }) });
    const warning = await screen.findByText("Failing: connection refused");
    expect(warning.closest("[class*=status-warning]")).not.toBeNull();
    expect(screen.getAllByText(/^Failing:/)).toHaveLength(1);
    expect(screen.getByText(/^Delivered /)).toBeInTheDocument();
  });
});
