import { describe, expect, it } from "vitest";
import { fakeFetch } from "../test/fakeApi";
import { createApi } from "./api";
import { ApiClient } from "./client";

describe("task answers", () => {
  it("fill the lists a running task leaves out, and keep every value", async () => {
    const { fetchFn } = fakeFetch({
      "GET /api/tasks/detail": () => ({
        body: {
          id: "t1", name: "n", status: "running", progress: 0, regions: ["us-east-1"],
          units: [{ accountId: "1", region: "global", status: "running", resources: 0, durationMs: 0 }],
        },
      }),
    });
    const t = await createApi(new ApiClient({ fetch: fetchFn })).tasks.detail("t1");
    expect(t.units[0]?.coverage).toEqual([]);
    expect(t.accounts).toEqual([]);
    expect(t.regions).toEqual(["us-east-1"]);
    expect(t.units[0]?.status).toBe("running");
  });

  it("give a task not yet planned an empty unit list", async () => {
    const { fetchFn } = fakeFetch({ "GET /api/tasks/detail": () => ({ body: { id: "t1", status: "pending" } }) });
    expect((await createApi(new ApiClient({ fetch: fetchFn })).tasks.detail("t1")).units).toEqual([]);
  });
});
