// The credential form's inputs, shared by create and edit. A pasted role
// ARN fills an empty account id; the ARN's placeholder is the role the
// role template's stack creates (roleArnPattern), not a made-up name.

import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tiles from "@cloudscape-design/components/tiles";
import Toggle from "@cloudscape-design/components/toggle";
import { fieldError } from "../../api/errors";
import type { CredentialType } from "../../api/types";
import { DEFAULT_MEMBER_ROLE, roleArnPlaceholder, withRoleArn, type CredentialForm, type FormErrors } from "./form";
import { InfoLink } from "../../help/InfoLink";

export function CredentialFields({
  form,
  onChange,
  errors,
  apiError,
  editing = false,
  roleArnPattern,
}: {
  form: CredentialForm;
  onChange: (patch: Partial<CredentialForm>) => void;
  errors: FormErrors;
  apiError: unknown;
  editing?: boolean;
  /** The role template's "arn:aws:iam::<account-id>:role/<name>", when known. */
  roleArnPattern?: string;
}) {
  const err = (f: keyof CredentialForm) => errors[f] ?? fieldError(apiError, f);
  const text = (f: keyof CredentialForm) => (e: { detail: { value: string } }) => onChange({ [f]: e.detail.value });
  // Editing keeps the account id: it cannot change.
  const roleArn = (e: { detail: { value: string } }) => onChange(editing ? { roleArn: e.detail.value } : withRoleArn(form, e.detail.value));
  const arnPlaceholder = roleArnPlaceholder(roleArnPattern, form.accountId);
  return (
    <SpaceBetween size="m">
      <FormField label="Name" errorText={err("name")}>
        <Input value={form.name} onChange={text("name")} placeholder="Production account" />
      </FormField>
      {!editing && (
        <FormField label="Type" errorText={err("credentialType")}>
          <Tiles
            value={form.credentialType}
            onChange={(e) => onChange({ credentialType: e.detail.value as CredentialType })}
            ariaLabel="Credential type"
            items={[
              { value: "assume_role", label: "Assume role (recommended)", description: "CloudCensus assumes a read-only role in the account, with an external id." },
              { value: "access_key", label: "Access key", description: "A long-lived IAM user key, stored encrypted. Use only where a role is not possible." },
              {
                value: "organization",
                label: "AWS Organization (management or delegated administrator account)",
                description: "A role in the management account lists the member accounts; each member is scanned through a role deployed to every account by a StackSet.",
              },
            ]}
          />
        </FormField>
      )}
      <FormField
        label="AWS account id"
        errorText={err("accountId")}
        description={
          form.credentialType === "organization"
            ? "The management (or delegated administrator) account. Left empty, a pasted role ARN fills it."
            : form.credentialType === "assume_role" && !editing
              ? "Left empty, a pasted role ARN fills it."
              : undefined
        }
      >
        <Input value={form.accountId} onChange={text("accountId")} placeholder="123456789012" inputMode="numeric" disabled={editing} />
      </FormField>
      {form.credentialType === "assume_role" && (
        <FormField label="Role ARN" info={<InfoLink topic="scanner-role" />} errorText={err("roleArn")} description="The ARN of the role the scanner role template creates. After adding the credential, its page gives the template with the credential's external id.">
          <Input value={form.roleArn} onChange={roleArn} placeholder={arnPlaceholder} />
        </FormField>
      )}
      {form.credentialType === "organization" && (
        <FormField
          label="Role ARN"
          info={<InfoLink topic="organizations" />}
          errorText={err("roleArn")}
          description="The role in the management (or delegated administrator) account, which lists the member accounts. After adding the credential, its page gives the template with the credential's external id."
        >
          <Input value={form.roleArn} onChange={roleArn} placeholder={arnPlaceholder} />
        </FormField>
      )}
      {form.credentialType === "organization" && (
        <FormField
          label="Member role name"
          errorText={err("memberRoleName")}
          description={`The role CloudCensus assumes in every member account: the one the StackSets variant of the role template deploys to each account (${DEFAULT_MEMBER_ROLE} unless you renamed it).`}
        >
          <Input value={form.memberRoleName} onChange={text("memberRoleName")} placeholder={DEFAULT_MEMBER_ROLE} />
        </FormField>
      )}
      {form.credentialType === "access_key" && (
        <FormField label="Access key id" errorText={err("accessKeyId")} description={editing ? "Leave both blank to keep the stored key." : undefined}>
          <Input value={form.accessKeyId} onChange={text("accessKeyId")} placeholder="AKIA..." autoComplete={false} />
        </FormField>
      )}
      {form.credentialType === "access_key" && (
        <FormField label="Secret access key" errorText={err("secretAccessKey")} description="Stored encrypted and never shown again.">
          <Input type="password" value={form.secretAccessKey} onChange={text("secretAccessKey")} autoComplete={false} />
        </FormField>
      )}
      <FormField label="Active" errorText={err("isActive")}>
        <Toggle checked={form.isActive} onChange={(e) => onChange({ isActive: e.detail.checked })}>
          {form.isActive ? "Can be used by new scans" : "Kept, but not offered for new scans"}
        </Toggle>
      </FormField>
    </SpaceBetween>
  );
}
