import { describe, expect, it } from "vitest";
import { HeldForApproval } from "../api/errors";
import { bulkOutcome } from "./useBulkAction";
import { checkBatches, resourceChecks } from "./useResourceChecks";

describe("batch permission checks", () => {
  it("asks every row's actions, at most 100 checks a call", () => {
    const ids = Array.from({ length: 60 }, (_, i) => `t${i}`);
    const batches = checkBatches("task", ids, ["tasks:cancel", "tasks:delete"]);
    expect(batches.map((b) => b.length)).toEqual([100, 20]);
    expect(batches[0]?.[0]).toEqual({ permission: "tasks:cancel", resourceType: "task", resourceId: "t0" });
    expect(batches[0]?.[1]).toEqual({ permission: "tasks:delete", resourceType: "task", resourceId: "t0" });
    expect(checkBatches("task", [], ["tasks:cancel"])).toEqual([]);
  });

  it("enables an action only when every selected row allows it, saying why not", () => {
    const checks = resourceChecks([
      { permission: "tasks:delete", resourceType: "task", resourceId: "t1", allowed: true },
      { permission: "tasks:delete", resourceType: "task", resourceId: "t2", allowed: false, reason: "only its creator or scope:all may change it" },
    ]);
    const t1 = { id: "t1", name: "Mine" };
    const t2 = { id: "t2", name: "Theirs" };
    expect(checks.action([t1], "tasks:delete", (t) => t.name)).toEqual({ disabled: false });
    expect(checks.action([t1, t2], "tasks:delete", (t) => t.name)).toEqual({
      disabled: true,
      disabledReason: 'Not allowed for "Theirs": only its creator or scope:all may change it.',
    });
    expect(checks.action([], "tasks:delete", (t: { id: string }) => t.id)).toEqual({ disabled: true });
    // Not asked (yet): the API decides when the button is pressed.
    expect(checks.action([t1], "tasks:cancel", (t) => t.name)).toEqual({ disabled: false });
    expect(resourceChecks(undefined).loaded).toBe(false);
  });
});

describe("an action on the selected rows", () => {
  it("tells the rows done, held for approval and failed apart", () => {
    const held = new HeldForApproval("r1", "pending", "tasks:delete needs approval");
    const failed = new Error("no");
    expect(
      bulkOutcome([
        { status: "fulfilled", value: undefined },
        { status: "rejected", reason: held },
        { status: "rejected", reason: failed },
        { status: "fulfilled", value: undefined },
      ]),
    ).toEqual({ done: 2, held: [held], failed: [failed] });
  });
});
