import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { User } from "../../api/types";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, permissions, services, tokens, user, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import UserDetail from "./UserDetail";

const HOSTILE = `=HYPERLINK("x")<img src=x onerror=alert(1)>`;
const me = user("admin");
const ann = user("user", { id: "u-ann", username: `ann${HOSTILE}`, version: 7 });

function setup(shown: User, handlers: Record<string, Handler> = {}, ui = ADMIN_UI) {
  let current = shown;
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ui) }),
    "GET /api/users/detail": () => ({ body: current }),
    "GET /api/users/credentials": () => ({ body: { data: [], credentialIds: [] } }),
    "POST /api/users/reset-password": () => {
      current = { ...current, passwordChangeRequired: true, version: current.version + 1 };
      return { body: { temporaryPassword: "Tmp-Pw-123!abc", user: current } };
    },
    "POST /api/users/update": () => {
      current = { ...current, status: "active", signInClosedUntil: undefined, version: current.version + 1 };
      return { body: current };
    },
    ...handlers,
  });
  s.session.start(tokens(me));
  const element = (
    <>
      <Flashes />
      <UserDetail />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/users/:id", element }], `/users/${shown.id}`) };
}

const findPageButton = (text: string) => waitFor(() => pageButton(text) ?? Promise.reject(new Error(`no ${text} button`)));
const pageButton = (text: string) => screen.queryAllByText(text, { selector: "button *" }).map((e) => e.closest("button") as HTMLButtonElement).find((b) => !b.closest("[role=dialog]"));

describe("a user's page", () => {
  it("shows the status, not the internal version", async () => {
    setup({ ...ann, passwordChangeRequired: true });
    expect(await screen.findByText("Force change password")).toBeInTheDocument();
    expect(screen.queryByText("Version")).not.toBeInTheDocument();
    expect(screen.queryByText("7")).not.toBeInTheDocument();
    expect(document.querySelector("img")).toBeNull();
  });

  it("resets the password after a confirmation, shows the temporary one once, then reads Force change password", async () => {
    const { calls } = setup(ann);
    await screen.findByText("Active");
    fireEvent.click(await findPageButton("Reset password"));
    const dialog = await screen.findByRole("dialog", { name: "Reset password" });
    expect(calls.some((c) => c.path === "/api/users/reset-password")).toBe(false);
    fireEvent.click(within(dialog).getByText("Reset password", { selector: "button *" }));
    expect(await within(dialog).findByText("Tmp-Pw-123!abc")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/users/reset-password")?.body).toEqual({ id: "u-ann" });
    expect(within(dialog).getByText("Shown only once")).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: /Copy temporary password/ })).toBeInTheDocument();
    fireEvent.click(within(dialog).getByText("Done", { selector: "button *" }));
    expect(await screen.findByText("Force change password")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText("Tmp-Pw-123!abc")).not.toBeInTheDocument());
  });

  it("shows the API's refusal in the dialog", async () => {
    const message = "ann also works in 1 other workspace(s): only they can change their password";
    setup(ann, { "POST /api/users/reset-password": () => ({ status: 409, body: { error: { code: "CONFLICT", message, details: {} } } }) });
    await screen.findByText("Active");
    fireEvent.click(await findPageButton("Reset password"));
    const dialog = await screen.findByRole("dialog", { name: "Reset password" });
    fireEvent.click(within(dialog).getByText("Reset password", { selector: "button *" }));
    expect(await within(dialog).findByText("The password was not reset")).toBeInTheDocument();
    expect(within(dialog).getByText(message)).toBeInTheDocument();
    expect(within(dialog).queryByText("Tmp-Pw-123!abc")).not.toBeInTheDocument();
  });

  it("offers no reset of one's own password", async () => {
    setup(me);
    await findPageButton("Edit");
    expect(pageButton("Reset password")).toBeUndefined();
  });

  it("offers no reset to someone who may not update users", async () => {
    setup(ann, {}, ["button:user-delete"]);
    await findPageButton("Delete");
    expect(pageButton("Reset password")).toBeUndefined();
  });

  it("unlocks a locked user with the version it read", async () => {
    const { calls } = setup({ ...ann, status: "locked" });
    expect(await screen.findByText("This user is locked")).toBeInTheDocument();
    fireEvent.click(await findPageButton("Unlock"));
    await waitFor(() => expect(calls.find((c) => c.path === "/api/users/update")?.body).toEqual({ id: "u-ann", version: 7, status: "active" }));
    await waitFor(() => expect(screen.queryByText("This user is locked")).not.toBeInTheDocument());
  });
});
