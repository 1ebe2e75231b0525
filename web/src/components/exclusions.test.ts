import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { apiRowError, cleanExclusions, describeExclusion, exclusionFields, exclusionProblem, exclusionProblems, isCidr, sameExclusions } from "./exclusions";

describe("scope rules", () => {
  it.each([
    ["account", "123456789012", undefined],
    ["account", "1234", "An AWS account id is 12 digits."],
    ["region", "eu-west-1", undefined],
    ["region", "Europe", "Enter a region code such as eu-west-1."],
    ["tag", "Owner=alice", undefined],
    ["tag", "Owner=*", undefined],
    ["tag", "Owner", "Enter key=value, or key=* for any value."],
    ["tag", "=alice", "Enter key=value, or key=* for any value."],
    ["resource", "arn:aws:s3:::logs", undefined],
    ["cidr", "10.20.0.0/16", undefined],
    ["cidr", "10.20.0.0", "Enter a CIDR block such as 10.20.0.0/16."],
    ["cidr", "300.1.1.1/8", "Enter a CIDR block such as 10.20.0.0/16."],
    ["service", "lambda", undefined],
    ["service", "nope", 'Unknown service "nope".'],
    ["tag", "  ", "Enter the tag to exclude."],
    ["colour", "red", "Choose what the rule excludes."],
  ])("a %s rule %j: %s", (kind, value, problem) => {
    expect(exclusionProblem({ kind, value }, ["lambda", "vpc"])).toBe(problem);
  });

  it("accepts any service key until the catalog is known, and IPv6 blocks", () => {
    expect(exclusionProblem({ kind: "service", value: "anything" })).toBeUndefined();
    expect(isCidr("2001:db8::/32")).toBe(true);
    expect(isCidr("2001:db8::/129")).toBe(false);
  });

  it("keys problems by row, and names every field the API may report", () => {
    expect(exclusionProblems([{ kind: "tag", value: "A=b" }, { kind: "account", value: "1" }])).toEqual({ 1: "An AWS account id is 12 digits." });
    expect(exclusionFields("exclusions", 2)).toEqual(["exclusions", "exclusions[0].kind", "exclusions[0].value", "exclusions[1].kind", "exclusions[1].value"]);
  });

  it("reads the API's reason for a row's value", () => {
    const err = new ApiError(400, "VALIDATION_ERROR", "bad", { field: "exclusions[1].value", reason: '"nope" is not a valid cidr rule (e.g. 10.20.0.0/16)' });
    expect(apiRowError(err, "exclusions", 1, "value")).toBe('"nope" is not a valid cidr rule (e.g. 10.20.0.0/16)');
    expect(apiRowError(err, "exclusions", 0, "value")).toBeUndefined();
    expect(apiRowError(err, "exclusions", 1, "kind")).toBeUndefined();
  });

  it("sends trimmed rules without their source, and compares them in order", () => {
    expect(cleanExclusions([{ kind: "tag", value: " Owner=* ", source: "workspace" }])).toEqual([{ kind: "tag", value: "Owner=*" }]);
    expect(sameExclusions([{ kind: "tag", value: "A=b " }], [{ kind: "tag", value: "A=b", source: "workspace" }])).toBe(true);
    expect(sameExclusions([{ kind: "tag", value: "A=b" }], [])).toBe(false);
    expect(describeExclusion({ kind: "tag", value: "Owner=*" })).toBe("tag Owner=*");
  });
});
