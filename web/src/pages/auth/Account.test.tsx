import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, permissions, services, tokens, user, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { membership } from "../../test/tenancy";
import Account from "./Account";
import { letFlashesSettle } from "../../test/settle";

function setup(handlers: Record<string, Handler>) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("user", ADMIN_UI) }),
    ...handlers,
  });
  s.session.start(tokens(user("user", { roles: ["auditor"] })));
  const element = (
    <>
      <Flashes />
      <Account />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/account", element }], "/account") };
}

const joinButton = () => screen.getByText("Join workspace", { selector: "button *" });

letFlashesSettle();

describe("joining another workspace", () => {
  it("shows every role the person holds", async () => {
    setup({});
    expect(await screen.findByText("User, Auditor")).toBeInTheDocument();
  });

  it("joins with an invite code and names the workspace joined", async () => {
    let joined = false;
    const { calls } = setup({
      "POST /api/auth/join": () => {
        joined = true;
        return { status: 201, body: user("user", { id: "u-2", workspaceId: "w2" }) };
      },
      "GET /api/auth/workspaces": () => ({
        body: { data: joined ? [membership({ role: "user", roles: ["user"] }), membership({ workspaceId: "w2", workspaceName: "<i>Acme</i>", current: false })] : [membership()] },
      }),
    });
    fireEvent.click(joinButton());
    expect(await screen.findByText("Enter the invite code.")).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("Invite code"), { target: { value: "  ABC123  " } });
    fireEvent.click(joinButton());
    expect(await screen.findByText(/^You joined <i>Acme<\/i>\. Choose it from the workspace menu/)).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/auth/join")?.body).toEqual({ inviteCode: "ABC123" });
    expect((screen.getByLabelText("Invite code") as HTMLInputElement).value).toBe("");
  });

  it("shows why a code is refused beside it", async () => {
    setup({
      "POST /api/auth/join": () => ({ status: 400, body: { error: { code: "VALIDATION_ERROR", message: "invalid input", details: { field: "inviteCode", reason: "this invite code has expired" } } } }),
    });
    fireEvent.change(screen.getByLabelText("Invite code"), { target: { value: "OLD" } });
    fireEvent.click(joinButton());
    await waitFor(() => expect(screen.getByText("this invite code has expired")).toBeInTheDocument());
  });
});
