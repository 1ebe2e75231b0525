import { describe, expect, it } from "vitest";
import { configFields, configValues, fieldOfError, fieldProblems, toConfig } from "./ruleConfig";
import { evidenceHref, evidenceQuery, entriesParam } from "./evidence";

const failedSignins = { perUser: { count: 5, minutes: 15 }, perAddress: { count: 20, minutes: 15 } };
const offHours = { zone: "UTC", startHour: 8, endHour: 19, weekdays: ["mon", "tue"], actions: [] as string[] };

describe("a rule's configuration as a form", () => {
  it("draws its fields from the defaults, nested objects as groups", () => {
    expect(configFields(failedSignins).map((f) => [f.path, f.kind, f.group, f.label])).toEqual([
      ["perUser.count", "number", "For one user", "How many times"],
      ["perUser.minutes", "number", "For one user", "Within how many minutes"],
      ["perAddress.count", "number", "From one source address", "How many times"],
      ["perAddress.minutes", "number", "From one source address", "Within how many minutes"],
    ]);
    expect(configFields(offHours).map((f) => f.kind)).toEqual(["zone", "number", "number", "weekdays", "list"]);
    expect(configFields({ userRoles: true, someNewThing: 1 }).map((f) => [f.kind, f.label])).toEqual([
      ["boolean", "When a user is given a higher role"],
      ["number", "Some new thing"],
    ]);
  });

  it("holds values as typed and sends them back in the rule's shape", () => {
    const fields = configFields(offHours);
    const values = configValues(fields, { ...offHours, actions: ["tasks.delete", "*.export"] }, offHours);
    expect(values).toEqual({ zone: "UTC", startHour: "8", endHour: "19", weekdays: ["mon", "tue"], actions: "tasks.delete, *.export" });
    expect(toConfig(fields, { ...values, startHour: " 9 ", actions: "a.b, , c.*" })).toEqual({ zone: "UTC", startHour: 9, endHour: 19, weekdays: ["mon", "tue"], actions: ["a.b", "c.*"] });
    const nested = configFields(failedSignins);
    expect(toConfig(nested, configValues(nested, { perUser: { count: 3 } }, failedSignins))).toEqual({ perUser: { count: 3, minutes: 15 }, perAddress: { count: 20, minutes: 15 } });
  });

  it("asks for whole numbers and a zone, and leaves the ranges to the API", () => {
    const fields = configFields(offHours);
    expect(fieldProblems(fields, { zone: "", startHour: "8.5", endHour: "99", weekdays: [], actions: "" })).toEqual({ zone: "Choose a time zone.", startHour: "Enter a whole number." });
  });

  it("finds the field an API error names", () => {
    expect(fieldOfError("config.perUser.count")).toBe("perUser.count");
    expect(fieldOfError("config.weekdays[2]")).toBe("weekdays");
    expect(fieldOfError("rule")).toBeUndefined();
  });
});

describe("an alert's evidence in the audit log", () => {
  const e = (id: string, timestamp: string, actor = "u1", action = "auth.login") => ({ id, timestamp, actor, action });
  it("narrows the log to the evidence's span, shared actor and action, and names the entries", () => {
    const q = evidenceQuery([e("e1", "2026-03-01T10:00:00.500Z"), e("e2", "2026-03-01T10:05:00Z")]);
    expect(Object.fromEntries(q)).toEqual({
      from: "2026-03-01T09:59:59.500Z",
      to: "2026-03-01T10:05:01.000Z",
      actor: "u1",
      action: "auth.login",
      entries: "e1,e2",
    });
    const mixed = evidenceQuery([e("e1", "2026-03-01T10:00:00Z", "u1", "a"), e("e2", "2026-03-01T10:00:00Z", "u2", "b")]);
    expect(mixed.has("actor")).toBe(false);
    expect(mixed.has("action")).toBe(false);
    expect(evidenceHref([e("e1", "2026-03-01T10:00:00Z")])).toMatch(/^\/audit\?from=/);
    expect([...entriesParam("e1, e2,,")]).toEqual(["e1", "e2"]);
    expect(entriesParam(null).size).toBe(0);
  });
});
