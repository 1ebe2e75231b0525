import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiError, HeldForApproval } from "../api/errors";
import { isFieldError } from "../hooks/useApiMutation";
import { services } from "../test/fakeApi";
import { renderRoutes } from "../test/render";
import { ErrorAlert } from "./ErrorAlert";

function show(err: unknown) {
  return renderRoutes(services({}), [{ path: "/", element: <ErrorAlert error={err} /> }], "/");
}

describe("the error envelope on screen", () => {
  it("names the missing permission of a 403 and links to its request page", async () => {
    show(new ApiError(403, "FORBIDDEN", "Your role may not create tasks.", { permission: "tasks:create", applyUrl: "/permissions/apply?permission=tasks:create" }, "req-7"));
    expect(await screen.findByText("You do not have permission")).toBeInTheDocument();
    expect(screen.getByText("Your role may not create tasks.")).toBeInTheDocument();
    expect(screen.getByText("tasks:create")).toBeInTheDocument();
    expect(screen.getByText("Request this permission").closest("a")?.getAttribute("href")).toBe("/permissions/apply?permission=tasks:create");
    expect(screen.getByText("Request ID: req-7")).toBeInTheDocument();
  });

  it("builds the request link from the permission when the API gives none", async () => {
    show(new ApiError(403, "FORBIDDEN", "no", { permission: "users:read" }));
    expect((await screen.findByText("Request this permission")).closest("a")?.getAttribute("href")).toBe("/permissions/apply?permission=users%3Aread");
  });

  it("shows a 500's request id and no internals", async () => {
    show(new ApiError(500, "INTERNAL", "Internal error.", { requestId: "req-9" }));
    expect(await screen.findByText("Something went wrong")).toBeInTheDocument();
    expect(screen.getByText("Request ID: req-9")).toBeInTheDocument();
  });

  it("keeps a validation error of a shown field out of the flashbar", () => {
    const err = new ApiError(400, "VALIDATION_ERROR", "bad", { field: "email", reason: "taken" });
    expect(isFieldError(err, ["email"])).toBe(true);
    expect(isFieldError(err, ["username"])).toBe(false);
    expect(isFieldError(new ApiError(409, "CONFLICT", "stale"), ["email"])).toBe(false);
  });
});

describe("a call held for approval on screen", () => {
  it("reads as sent for approval, with the request's link", async () => {
    show(new HeldForApproval("r-1", "pending", "tasks:delete needs approval"));
    expect(await screen.findByText("Sent for approval")).toBeInTheDocument();
    expect(screen.getByText("Sent for approval: tasks:delete needs approval")).toBeInTheDocument();
    expect(screen.getByText("View the request").closest("a")?.getAttribute("href")).toBe("/approvals/r-1");
  });
});
