import { describe, expect, it } from "vitest";
import { clientRoutes, missingRoutes } from "../../scripts/check-api.mjs";
import { ROUTES } from "./routes";

describe("check:api", () => {
  it("reads every route of routes.ts, so none escapes the check", async () => {
    const parsed = await clientRoutes();
    expect(parsed.map((r) => r.name).sort()).toEqual(Object.keys(ROUTES).sort());
    for (const r of parsed) {
      const route = ROUTES[r.name as keyof typeof ROUTES];
      expect([r.method, r.path]).toEqual([route.method, route.path]);
    }
  });

  it("reports routes the OpenAPI document lacks, by path and method", () => {
    const routes = [
      { name: "a", method: "GET" as const, path: "/api/a" },
      { name: "b", method: "POST" as const, path: "/api/a" },
      { name: "c", method: "GET" as const, path: "/api/c" },
    ];
    const doc = { paths: { "/api/a": { get: {} } } };
    expect(missingRoutes(routes, doc).map((r) => r.name)).toEqual(["b", "c"]);
  });
});
