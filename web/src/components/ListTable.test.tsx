import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import UserList from "../pages/users/UserList";
import { ADMIN_UI, permissions, services, tokens, user } from "../test/fakeApi";
import { renderRoutes } from "../test/render";

function setup(answers: { status?: number; body: unknown }[], path: string) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }),
    "GET /api/users": () => answers.shift() ?? { status: 500, body: {} },
  });
  s.session.start(tokens(user()));
  return { ...s, ...renderRoutes(s, [{ path: "/users", element: <UserList /> }], path) };
}

const page = (total: number) => ({ page: 2, page_size: 20, total, total_pages: 3 });

describe("a list page", () => {
  it("sends its page and filters from the URL as the route's query, and shows the rows and the total", async () => {
    const { calls } = setup([{ body: { data: [user("user", { username: "ann" })], pagination: page(41) } }], "/users?role=user&page=2");
    expect(await screen.findByText("ann")).toBeInTheDocument();
    expect(screen.getByText("(41)")).toBeInTheDocument();
    const q = calls.find((c) => c.path === "/api/users")?.query;
    expect(Object.fromEntries(q ?? [])).toEqual({ role: "user", page: "2", page_size: "20" });
  });

  it("shows a failed query in place of the rows, and retries", async () => {
    setup(
      [
        { status: 503, body: { error: { code: "UNAVAILABLE", message: "The user store is starting." } } },
        { body: { data: [], pagination: page(0) } },
      ],
      "/users",
    );
    expect(await screen.findByText("The user store is starting.")).toBeInTheDocument();
    fireEvent.click(screen.getByText("Retry", { selector: "button, button *" }));
    await waitFor(() => expect(screen.getByText("No users")).toBeInTheDocument());
  });

  it("shows a capped total as a lower bound with an open-ended pager", async () => {
    setup([{ body: { data: [user("user", { username: "ann" })], pagination: { page: 50, page_size: 20, total: 1000, total_pages: 50, total_capped: true } } }], "/users?page=50");
    expect(await screen.findByText("(1,000+)")).toBeInTheDocument();
    // On the last counted page the pager still offers the next one.
    expect(screen.getByRole("button", { name: "Next page" })).not.toHaveAttribute("aria-disabled", "true");
  });

  it("closes the pager on the last page of an exact total", async () => {
    setup([{ body: { data: [user("user", { username: "ann" })], pagination: { page: 3, page_size: 20, total: 41, total_pages: 3 } } }], "/users?page=3");
    expect(await screen.findByText("(41)")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next page" })).toHaveAttribute("aria-disabled", "true");
  });
});
