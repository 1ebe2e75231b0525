import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Credential, PermissionCheck } from "../../api/types";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, permissions, services, tokens, user, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { formatDate } from "../../format";
import CredentialList from "./CredentialList";

const cred = (id: string, name: string): Credential => ({
  id, name, credentialType: "assume_role", accountId: "123456789012", roleArn: `arn:aws:iam::123456789012:role/${name}`, isActive: true,
  createdBy: "u-power_user", createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z", version: 1,
});
const mine = cred("c1", "Mine");
const theirs = cred("c2", "Theirs");

function setup(handlers: Record<string, Handler>, path = "/credentials") {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("power_user", ADMIN_UI) }),
    "GET /api/credentials": () => ({ body: { data: [mine, theirs], pagination: { page: 1, page_size: 20, total: 2, total_pages: 1 } } }),
    // The power user manages its own credential only.
    "POST /api/auth/permissions/check": (r) => ({
      body: {
        results: (r.body as { checks: PermissionCheck[] }).checks.map((c) =>
          c.resourceId === "c1" ? { ...c, allowed: true } : { ...c, allowed: false, reason: "only its creator or scope:all may change it" },
        ),
      },
    }),
    ...handlers,
  });
  s.session.start(tokens(user("power_user")));
  const element = (
    <>
      <Flashes />
      <CredentialList />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/credentials", element }], path) };
}

const pageButton = (text: string) =>
  screen
    .getAllByText(text, { selector: "button *" })
    .map((el) => el.closest("button") as HTMLButtonElement)
    .find((b) => !b.closest('[role="dialog"]')) as HTMLButtonElement;
const isDisabled = (b: HTMLButtonElement) => b.disabled || b.getAttribute("aria-disabled") === "true";
/** A disabled button's reason, as a screen reader reads it (its description). */
const reasonOf = (b: HTMLButtonElement) =>
  (b.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join("");
const select = async (name: string) => fireEvent.click(await screen.findByLabelText(`Select ${name}`, { selector: "input" }));

describe("the credentials' row actions", () => {
  it("asks the API once for every row's actions and follows its answer, with its reason", async () => {
    const { calls } = setup({});
    await select("Theirs");
    await waitFor(() => expect(calls.filter((c) => c.path === "/api/auth/permissions/check")).toHaveLength(1));
    const checks = (calls.find((c) => c.path === "/api/auth/permissions/check")?.body as { checks: PermissionCheck[] }).checks;
    expect(checks).toHaveLength(6);
    expect(checks).toContainEqual({ permission: "credentials:delete", resourceType: "credential", resourceId: "c2" });
    await waitFor(() => expect(isDisabled(pageButton("Delete"))).toBe(true));
    expect(isDisabled(pageButton("Edit"))).toBe(true);
    expect(reasonOf(pageButton("Delete"))).toBe('Not allowed for "Theirs": only its creator or scope:all may change it.');
    expect(reasonOf(pageButton("Edit"))).toBe('Not allowed for "Theirs": only its creator or scope:all may change it.');

    await select("Theirs");
    await select("Mine");
    await waitFor(() => expect(isDisabled(pageButton("Delete"))).toBe(false));
    expect(isDisabled(pageButton("Edit"))).toBe(false);
  });

  it("reports a delete a workflow holds as sent for approval, not as done", async () => {
    const { calls } = setup({
      "POST /api/credentials/delete": () => ({ status: 202, body: { approvalRequestId: "r-9", status: "pending", message: "credentials:delete needs approval (1 steps): nothing was done yet" } }),
    });
    await select("Mine");
    await waitFor(() => expect(isDisabled(pageButton("Delete"))).toBe(false));
    fireEvent.click(pageButton("Delete"));
    fireEvent.click(within(screen.getByRole("dialog", { name: "Delete credentials" })).getByText("Delete", { selector: "button *" }));
    expect(await screen.findByText(/^Sent for approval: credentials:delete needs approval \(1 steps\): nothing was done yet\./)).toBeInTheDocument();
    expect(screen.getByText("View the request").closest("a")?.getAttribute("href")).toBe("/approvals/r-9");
    expect(screen.queryByText(/^Deleted/)).not.toBeInTheDocument();
    expect(screen.queryByText("Something went wrong")).not.toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/credentials/delete")?.body).toEqual({ id: "c1" });
  });
});

const listed = (...data: Credential[]): Handler => () => ({ body: { data, pagination: { page: 1, page_size: 20, total: data.length, total_pages: 1 } } });
const listCalls = (calls: { path: string; query: URLSearchParams }[]) => calls.filter((c) => c.path === "/api/credentials");

describe("finding credentials", () => {
  it("sends the free text as q, keeps it in the address, and clears it", async () => {
    const { calls, router } = setup({});
    await screen.findByText("Mine");
    expect(screen.queryByLabelText("Filter by account id")).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("Find credentials"), { target: { value: " 123456789012 " } });
    await waitFor(() => expect(listCalls(calls).some((c) => c.query.get("q") === "123456789012")).toBe(true), { timeout: 3000 });
    expect(router.state.location.search).toBe("?q=123456789012");
    expect(listCalls(calls).every((c) => !c.query.has("accountId"))).toBe(true);
    await act(() => router.navigate("/credentials"));
    await waitFor(() => expect(screen.getByLabelText("Find credentials")).toHaveValue(""));
  });

  it("reads the free text from the address", async () => {
    const { calls } = setup({}, "/credentials?q=Prod");
    await screen.findByText("Mine");
    expect(listCalls(calls)[0]?.query.get("q")).toBe("Prod");
    expect(screen.getByLabelText("Find credentials")).toHaveValue("Prod");
  });
});

describe("a credential reaching the same account the same way as another", () => {
  it("is flagged Duplicate, and its popover names the other, linked to its page", async () => {
    const { calls } = setup({ "GET /api/credentials": listed({ ...mine, duplicateOf: ["Theirs"] }, { ...theirs, duplicateOf: ["Mine"] }) });
    await screen.findByText("Mine");
    const badges = screen.getAllByText("Duplicate");
    expect(badges).toHaveLength(2);
    fireEvent.click(badges[0] as HTMLElement);
    const link = await screen.findByRole("link", { name: "Theirs" }, { timeout: 3000 });
    expect(link.getAttribute("href")).toBe("/credentials/c2");
    // The API names the others; their pages are found among the account's credentials.
    expect(listCalls(calls).some((c) => c.query.get("accountId") === "123456789012")).toBe(true);
    expect(screen.getByText(/reaches account 123456789012 the same way/)).toBeInTheDocument();
  });

  it("is not flagged otherwise", async () => {
    setup({});
    await screen.findByText("Mine");
    expect(screen.queryByText("Duplicate")).not.toBeInTheDocument();
  });
});

describe("the validation column", () => {
  const at = "2026-02-01T08:00:00Z";
  it("counts a scan's sign-in as proof for a credential never validated", async () => {
    setup({ "GET /api/credentials": listed({ ...mine, lastSignedInByScanAt: at }, theirs) });
    const signedIn = await screen.findByText("Signed in by a scan");
    expect(screen.getAllByText("Not validated")).toHaveLength(1);
    fireEvent.click(signedIn);
    expect(await screen.findByText(`A scan signed in with this credential at ${formatDate(at)}: it works, though it was never validated.`)).toBeInTheDocument();
  });

  it("keeps a failed validation newer than the scan's sign-in, and counts unreadable services", async () => {
    const failed = { ok: false, reason: "access_denied", message: "denied" };
    setup({
      "GET /api/credentials": listed(
        { ...mine, lastSignedInByScanAt: at, lastValidatedAt: "2026-02-02T08:00:00Z", validation: failed },
        { ...theirs, lastValidatedAt: at, validation: { ok: true, message: "ok", unreadable: 3, reason: "missing_permissions" } },
      ),
    });
    expect(await screen.findByText("Access denied")).toBeInTheDocument();
    expect(screen.getByText("3 services unreadable")).toBeInTheDocument();
    expect(screen.queryByText("Signed in by a scan")).not.toBeInTheDocument();
  });
});
