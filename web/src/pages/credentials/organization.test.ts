import { describe, expect, it } from "vitest";
import type { OrgAccount } from "../../api/types";
import { accountsInScope, homeRegion, ouOptions } from "./organization";

// The demo organization's shape: Root, Workloads (Prod, Staging), Security.
const accounts: OrgAccount[] = [
  { id: "100000000001", name: "production", email: "p@example.com", ouPath: "Root", ouIds: ["r-1"], status: "ACTIVE" },
  { id: "100000000002", name: "security-audit", email: "a@example.com", ouPath: "Root / Security", ouIds: ["r-1", "ou-sec"], status: "ACTIVE" },
  { id: "100000000003", name: "old-sandbox", email: "s@example.com", ouPath: "Root / Workloads / Prod", ouIds: ["r-1", "ou-work", "ou-prod"], status: "SUSPENDED" },
  { id: "100000000004", name: "staging", email: "t@example.com", ouPath: "Root / Workloads / Staging", ouIds: ["r-1", "ou-work", "ou-stag"], status: "ACTIVE" },
];

describe("an organization's OUs", () => {
  it("maps every path prefix below the root to its OU id, with the active accounts under it", () => {
    expect(ouOptions(accounts)).toEqual([
      { id: "ou-sec", path: "Root / Security", active: 1, total: 1 },
      { id: "ou-work", path: "Root / Workloads", active: 1, total: 2 },
      { id: "ou-prod", path: "Root / Workloads / Prod", active: 0, total: 1 },
      { id: "ou-stag", path: "Root / Workloads / Staging", active: 1, total: 1 },
    ]);
  });

  it("names only the account's own OU when its path and ids do not line up", () => {
    const odd: OrgAccount = { ...accounts[3]!, ouPath: "Root / A / B team / C", ouIds: ["r-1", "ou-a", "ou-c"] };
    expect(ouOptions([odd])).toEqual([{ id: "ou-c", path: "Root / A / B team / C", active: 1, total: 1 }]);
  });

  it("covers the active accounts under the chosen OUs or named, as the API does", () => {
    const ids = (f: Parameters<typeof accountsInScope>[1]) => accountsInScope(accounts, f).map((a) => a.name);
    expect(ids({})).toEqual(["production", "security-audit", "staging"]);
    expect(ids({ ouIds: ["ou-work"] })).toEqual(["staging"]);
    expect(ids({ accountIds: ["100000000002", "100000000003"] })).toEqual(["security-audit"]);
  });

  it("reads the StackSet's home region from the quick-create link, else from the template", () => {
    expect(homeRegion({ quickCreateUrl: "https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/quickcreate", stackSetTemplate: "" })).toBe("eu-west-1");
    expect(homeRegion({ quickCreateUrl: "", stackSetTemplate: "  HomeRegion:\n    Default: ap-south-1\n" })).toBe("ap-south-1");
  });
});
