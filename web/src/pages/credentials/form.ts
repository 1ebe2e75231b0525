// The credential form's rules: what a valid account id, role ARN and
// access key look like, and the request built from the form. There is no
// ExternalId: the server generates it, and the credential's page shows the
// role template that carries it.

import type { Credential, CredentialInput, CredentialType, UpdateCredentialRequest } from "../../api/types";

export interface CredentialForm {
  name: string;
  credentialType: CredentialType;
  accountId: string;
  roleArn: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** An organization credential's role in every member account (the StackSets variant of the role template creates it). */
  memberRoleName: string;
  isActive: boolean;
}

/** The member role the StackSets variant of the role template deploys, and the API's default. */
export const DEFAULT_MEMBER_ROLE = "CloudCensusScanner";

/** Whether a credential of this type assumes a role (and so has an external id and a role template). */
export function assumesRole(t: CredentialType): boolean {
  return t === "assume_role" || t === "organization";
}

export function emptyForm(): CredentialForm {
  return {
    name: "",
    credentialType: "assume_role",
    accountId: "",
    roleArn: "",
    accessKeyId: "",
    secretAccessKey: "",
    memberRoleName: DEFAULT_MEMBER_ROLE,
    isActive: true,
  };
}

export function formFrom(c: Credential): CredentialForm {
  return {
    name: c.name,
    credentialType: c.credentialType,
    accountId: c.accountId,
    roleArn: c.roleArn ?? "",
    accessKeyId: "",
    secretAccessKey: "",
    memberRoleName: c.memberRoleName ?? DEFAULT_MEMBER_ROLE,
    isActive: c.isActive,
  };
}

export type FormErrors = Partial<Record<keyof CredentialForm, string>>;

const roleArnRe = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

/** The account a role ARN names ("arn:aws:iam::<12 digits>:role/..."), if it is one. */
export function roleArnAccount(arn: string): string | undefined {
  return roleArnRe.exec(arn.trim())?.[1];
}

/**
 * The form after the role ARN changes: a pasted ARN also fills an empty
 * account id, since the ARN names the account (a typed account id is never
 * overwritten: a mismatch is the user's to see and fix).
 */
export function withRoleArn(f: CredentialForm, roleArn: string): Partial<CredentialForm> {
  const account = f.accountId.trim() === "" ? roleArnAccount(roleArn) : undefined;
  return account ? { roleArn, accountId: account } : { roleArn };
}

/** The ARN the role template's stack creates in the account (its pattern reads "arn:aws:iam::<account-id>:role/<name>"). */
export function roleArnPlaceholder(pattern: string | undefined, accountId: string): string | undefined {
  if (!pattern) return undefined;
  return pattern.replace("<account-id>", /^\d{12}$/.test(accountId.trim()) ? accountId.trim() : "123456789012");
}

const roleNameRe = /^[\w+=,.@-]{1,64}$/;

/** Problems with f; editing leaves the key pair blank to keep the stored one. */
export function validateCredential(f: CredentialForm, editing = false): FormErrors {
  const e: FormErrors = {};
  if (!f.name.trim()) e.name = "Name the credential.";
  if (!/^\d{12}$/.test(f.accountId.trim())) e.accountId = "An AWS account id is 12 digits.";
  if (assumesRole(f.credentialType)) {
    const m = roleArnRe.exec(f.roleArn.trim());
    if (!m) e.roleArn = "Enter a role ARN: arn:aws:iam::<account id>:role/<role name>.";
    else if (!e.accountId && m[1] !== f.accountId.trim()) e.roleArn = "The role ARN names another account.";
    if (f.credentialType === "organization" && !roleNameRe.test(f.memberRoleName.trim())) {
      e.memberRoleName = "Enter an IAM role name: letters, digits and +=,.@_-, at most 64 characters.";
    }
  } else {
    const changing = !editing || f.accessKeyId !== "" || f.secretAccessKey !== "";
    if (changing) {
      if (!/^(AKIA|ASIA)[A-Z0-9]{16}$/.test(f.accessKeyId.trim())) e.accessKeyId = "An access key id is 20 characters starting with AKIA.";
      if (f.secretAccessKey.trim().length !== 40) e.secretAccessKey = "A secret access key is 40 characters.";
    }
  }
  return e;
}

export function toCreate(f: CredentialForm): CredentialInput {
  const base = { name: f.name.trim(), credentialType: f.credentialType, accountId: f.accountId.trim(), isActive: f.isActive };
  if (f.credentialType === "organization") return { ...base, roleArn: f.roleArn.trim(), memberRoleName: f.memberRoleName.trim() };
  return f.credentialType === "assume_role"
    ? { ...base, roleArn: f.roleArn.trim() }
    : { ...base, accessKeyId: f.accessKeyId.trim(), secretAccessKey: f.secretAccessKey.trim() };
}

export function toUpdate(c: Credential, f: CredentialForm): UpdateCredentialRequest {
  const req: UpdateCredentialRequest = { id: c.id, version: c.version, name: f.name.trim(), isActive: f.isActive, accountId: f.accountId.trim() };
  if (assumesRole(f.credentialType)) {
    req.roleArn = f.roleArn.trim();
    if (f.credentialType === "organization") req.memberRoleName = f.memberRoleName.trim();
  } else if (f.accessKeyId || f.secretAccessKey) {
    req.accessKeyId = f.accessKeyId.trim();
    req.secretAccessKey = f.secretAccessKey.trim();
  }
  return req;
}

export const CREDENTIAL_FIELDS = ["name", "credentialType", "accountId", "roleArn", "accessKeyId", "secretAccessKey", "memberRoleName", "isActive"] as const;
