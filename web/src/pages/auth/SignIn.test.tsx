import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { services, tokens, user } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { safeNext } from "./AuthLayout";
import SignIn from "./SignIn";

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label, { selector: "input" }), { target: { value } });
const click = (text: string) => fireEvent.click(screen.getByText(text, { selector: "button, button *" }));

function setup(handlers: Parameters<typeof services>[0], path = "/signin?next=%2Freports%3Ftask_id%3Dt1") {
  const s = services({ "GET /api/health": () => ({ body: { status: "ok", dependencies: {} } }), ...handlers });
  const view = renderRoutes(s, [{ path: "/signin", element: <SignIn /> }, { path: "/reports", element: <p>reports page</p> }], path);
  return { ...s, ...view };
}

describe("sign-in", () => {
  it("starts the session and returns to the page in ?next=", async () => {
    const { router, session, calls } = setup({ "POST /api/auth/login": () => ({ body: tokens(user("user")) }) });
    type("Username", " user-1 ");
    type("Password", "pw");
    click("Sign in");
    await waitFor(() => expect(router.state.location.pathname).toBe("/reports"));
    expect(router.state.location.search).toBe("?task_id=t1");
    expect(session.current?.token).toBe("access-1");
    expect(calls.find((c) => c.path === "/api/auth/login")?.body).toEqual({ username: "user-1", password: "pw" });
  });

  it("answers the new-password challenge before signing in", async () => {
    const { router, session, calls } = setup({
      "POST /api/auth/login": () => ({ body: { challenge: "NEW_PASSWORD_REQUIRED", session: "chal-1", username: "user-1" } }),
      "POST /api/auth/challenge": () => ({ body: tokens(user("user"), "after-challenge") }),
    });
    type("Username", "user-1");
    type("Password", "Temp1234!");
    click("Sign in");
    expect(await screen.findByText("Choose a new password")).toBeInTheDocument();
    type("New password", "short");
    type("Confirm new password", "short");
    click("Set password and sign in");
    expect(await screen.findByText("Use at least 8 characters.")).toBeInTheDocument();
    type("New password", "Better-pass-1");
    type("Confirm new password", "Better-pass-1");
    click("Set password and sign in");
    await waitFor(() => expect(router.state.location.pathname).toBe("/reports"));
    expect(session.current?.token).toBe("after-challenge");
    expect(calls.find((c) => c.path === "/api/auth/challenge")?.body).toEqual({ username: "user-1", session: "chal-1", newPassword: "Better-pass-1" });
  });

  it("shows the API's refusal", async () => {
    setup({ "POST /api/auth/login": () => ({ status: 401, body: { error: { code: "UNAUTHENTICATED", message: "Incorrect username or password." } } }) });
    type("Username", "x");
    type("Password", "y");
    click("Sign in");
    // Shown in the form's error (and repeated in its live region for screen readers).
    expect((await screen.findAllByText("Incorrect username or password.")).length).toBeGreaterThan(0);
  });

  it("returns only to pages of this site", () => {
    expect(safeNext("/tasks/1?x=2")).toBe("/tasks/1?x=2");
    expect(safeNext("//evil.example/")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext("/signin?next=/x")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});
