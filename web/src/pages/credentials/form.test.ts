import { describe, expect, it } from "vitest";
import { emptyForm, toCreate, validateCredential, type CredentialForm } from "./form";

const role: CredentialForm = { ...emptyForm(), name: "Prod", accountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/CloudCensusReadOnly" };
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
});
