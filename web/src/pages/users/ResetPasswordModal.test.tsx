import { fireEvent, screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { User } from "../../api/types";
import { services, tokens, user } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { ResetPasswordModal } from "./ResetPasswordModal";

const HOSTILE = `<img src=x onerror=alert(1)>`;

function Harness({ shown }: { shown: User }) {
  const [open, setOpen] = useState(true);
  return (
    <>
      <button onClick={() => setOpen(true)}>open again</button>
      <ResetPasswordModal user={shown} visible={open} onDismiss={() => setOpen(false)} />
    </>
  );
}

function setup(answer: () => { status?: number; body: unknown }) {
  const shown = user("user", { username: `ann${HOSTILE}` });
  const s = services({ "POST /api/users/reset-password": answer });
  s.session.start(tokens(user()));
  return { ...s, ...renderRoutes(s, [{ path: "/", element: <Harness shown={shown} /> }], "/") };
}

describe("resetting a password", () => {
  it("asks first, then shows the temporary password once, to copy", async () => {
    const { calls, container } = setup(() => ({ body: { temporaryPassword: "Tmp-Pw-123!abc", user: user("user", { passwordChangeRequired: true }) } }));
    expect(await screen.findByText(/Their current password stops working at once/)).toBeInTheDocument();
    expect(calls.some((c) => c.path === "/api/users/reset-password")).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Reset password" }));
    expect(await screen.findByText("Tmp-Pw-123!abc")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/users/reset-password")?.body).toEqual({ id: "u-user" });
    expect(screen.getByText("Shown only once")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Copy temporary password/i })).toBeInTheDocument();
    expect(container.ownerDocument.querySelector("img")).toBeNull();
    // Closed and opened again: the password is gone, the question is back.
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    fireEvent.click(screen.getByText("open again"));
    await waitFor(() => expect(screen.queryByText("Tmp-Pw-123!abc")).not.toBeInTheDocument());
    expect(screen.getByRole("button", { name: "Reset password" })).toBeInTheDocument();
  });

  it("shows the API's refusal in the dialog", async () => {
    setup(() => ({ status: 409, body: { error: { code: "CONFLICT", message: "ann belongs to 2 workspaces: their password is not this workspace's to reset", details: {} } } }));
    fireEvent.click(await screen.findByRole("button", { name: "Reset password" }));
    expect(await screen.findByText("The password was not reset")).toBeInTheDocument();
    expect(screen.getByText(/belongs to 2 workspaces/)).toBeInTheDocument();
  });
});
