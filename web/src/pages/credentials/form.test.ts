import { describe, expect, it } from "vitest";
import type { Credential } from "../../api/types";
import { emptyForm, formFrom, roleArnAccount, roleArnPlaceholder, toCreate, toUpdate, validateCredential, withRoleArn, type CredentialForm } from "./form";

const role: CredentialForm = { ...emptyForm(), name: "Prod", accountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/CloudCensusReadOnly" };
const org: CredentialForm = { ...emptyForm(), name: "Org", credentialType: "organization", accountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/CloudCensusScanner" };
const key: CredentialForm = { ...emptyForm(), name: "Key", credentialType: "access_key", accountId: "123456789012", accessKeyId: "AKIAABCDEFGHIJKLMNOP", secretAccessKey: "x".repeat(40) };

describe("credential form", () => {
  it.each([
    ["a short account id", { ...role, accountId: "1234" }, "accountId"],
    ["a role in another account", { ...role, roleArn: "arn:aws:iam::999999999999:role/R" }, "roleArn"],
    ["a user ARN", { ...role, roleArn: "arn:aws:iam::123456789012:user/bob" }, "roleArn"],
    ["a malformed key id", { ...key, accessKeyId: "AKIA123" }, "accessKeyId"],
    ["a short secret", { ...key, secretAccessKey: "abc" }, "secretAccessKey"],
  ])("refuses %s", (_, f, field) => {
    expect(Object.keys(validateCredential(f))).toEqual([field]);
  });

  it("accepts a complete role or key, and a kept key when editing", () => {
    expect(validateCredential(role)).toEqual({});
    expect(validateCredential(key)).toEqual({});
    expect(validateCredential({ ...key, accessKeyId: "", secretAccessKey: "" }, true)).toEqual({});
  });

  it("sends only the fields of its type", () => {
    expect(toCreate(role)).not.toHaveProperty("secretAccessKey");
    expect(toCreate(key)).not.toHaveProperty("roleArn");
  });

  it("never sends an external id: the server generates it", () => {
    expect(toCreate(role)).not.toHaveProperty("externalId");
    expect(toCreate(key)).not.toHaveProperty("externalId");
  });

  it("asks an organization credential for its management role and a member role name, CloudCensusScanner by default", () => {
    expect(org.memberRoleName).toBe("CloudCensusScanner");
    expect(validateCredential(org)).toEqual({});
    expect(Object.keys(validateCredential({ ...org, memberRoleName: "bad name" }))).toEqual(["memberRoleName"]);
    expect(Object.keys(validateCredential({ ...org, roleArn: "arn:aws:iam::999999999999:role/R" }))).toEqual(["roleArn"]);
    expect(toCreate({ ...org, memberRoleName: " OrgScanner " })).toEqual({
      name: "Org", credentialType: "organization", accountId: "123456789012", isActive: true,
      roleArn: "arn:aws:iam::123456789012:role/CloudCensusScanner", memberRoleName: "OrgScanner",
    });
    expect(toCreate(role)).not.toHaveProperty("memberRoleName");
  });

  it("edits an organization credential's role and member role", () => {
    const c: Credential = {
      id: "c1", name: "Org", credentialType: "organization", accountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/CloudCensusScanner",
      externalId: "cc-1", memberRoleName: "OrgScanner", isActive: true, createdBy: "u", createdAt: "", updatedAt: "", version: 3,
    };
    const f = formFrom(c);
    expect(f.memberRoleName).toBe("OrgScanner");
    expect(toUpdate(c, { ...f, memberRoleName: "Other" })).toMatchObject({ id: "c1", version: 3, roleArn: c.roleArn, memberRoleName: "Other" });
  });

  it("fills an empty account id from a pasted role ARN, and never overwrites a typed one", () => {
    const arn = "arn:aws:iam::210987654321:role/CloudCensusScanner";
    expect(roleArnAccount(arn)).toBe("210987654321");
    expect(roleArnAccount("arn:aws:iam::210987654321:user/bob")).toBeUndefined();
    expect(withRoleArn(emptyForm(), ` ${arn} `)).toEqual({ roleArn: ` ${arn} `, accountId: "210987654321" });
    expect(withRoleArn({ ...emptyForm(), accountId: "123456789012" }, arn)).toEqual({ roleArn: arn });
    expect(withRoleArn(emptyForm(), "arn:aws:iam::2109")).toEqual({ roleArn: "arn:aws:iam::2109" });
    const filled = { ...emptyForm(), name: "Prod", ...withRoleArn(emptyForm(), arn) };
    expect(validateCredential(filled)).toEqual({});
  });

  it("offers the role the template's stack creates as the ARN's example, in the account typed", () => {
    const pattern = "arn:aws:iam::<account-id>:role/CloudCensusScanner";
    expect(roleArnPlaceholder(pattern, "")).toBe("arn:aws:iam::123456789012:role/CloudCensusScanner");
    expect(roleArnPlaceholder(pattern, "210987654321")).toBe("arn:aws:iam::210987654321:role/CloudCensusScanner");
    expect(roleArnPlaceholder(pattern, "2109")).toBe("arn:aws:iam::123456789012:role/CloudCensusScanner");
    expect(roleArnPlaceholder(undefined, "210987654321")).toBeUndefined();
  });
});
