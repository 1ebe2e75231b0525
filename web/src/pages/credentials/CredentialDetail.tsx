// One credential: its details and last validation (with what a scan can
// read, service by service, or the scan that signed in with it), a warning
// when another credential reaches the account the same way; validate now,
// edit, delete.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Form from "@cloudscape-design/components/form";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import type { Credential } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { CopyValue } from "../../components/CopyValue";
import { useFlash } from "../../components/flash";
import { CredentialValidation, unreadableText } from "./CredentialValidation";
import { DuplicateNotice } from "./DuplicateOf";
import { ValidationServices } from "./ValidationServices";
import { formatDate, humanize } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { CredentialFields } from "./CredentialFields";
import { CREDENTIAL_FIELDS, formFrom, toUpdate, validateCredential, type CredentialForm, type FormErrors } from "./form";
import { RoleTemplatePanel } from "./RoleTemplatePanel";
import { OrganizationPanels } from "./OrganizationPanels";
import { useValidateCredential } from "./useValidate";
import { Loaded } from "../../components/Loading";
import { Actions } from "../../components/Actions";
import { InfoLink } from "../../help/InfoLink";

export default function CredentialDetail() {
  const { id = "" } = useParams();
  const api = useApi();
  const q = useQuery({ queryKey: ["credentials", "detail", id], queryFn: () => api.credentials.detail(id) });
  useBreadcrumbs([
    { text: "Credentials", href: "/credentials" },
    { text: q.data?.name ?? id, href: `/credentials/${id}` },
  ]);
  return (
    <Loaded query={q} text="Loading credential">
      {(d) => <CredentialView c={d} />}
    </Loaded>
  );
}

function CredentialView({ c }: { c: Credential }) {
  const api = useApi();
  const perms = usePermissions();
  const flash = useFlash();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const validate = useValidateCredential();
  // The list's Edit opens the form at once (?edit=1).
  const [params] = useSearchParams();
  const [editing, setEditing] = useState(() => params.get("edit") === "1" && perms.can("button:credential-update"));
  const [confirm, setConfirm] = useState(false);
  const remove = useApiMutation({
    mutationFn: () => api.credentials.remove(c.id),
    onSuccess: () => {
      flash.success(`Deleted "${c.name}".`);
      void queryClient.invalidateQueries({ queryKey: ["credentials"] });
      navigate("/credentials");
    },
    onError: () => setConfirm(false),
  });
  const v = c.validation;
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          info={<InfoLink topic="credentials" />}
          description={`${humanize(c.credentialType)} credential for account ${c.accountId}`}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              {perms.can("button:credential-delete") && !c.demo && <Button onClick={() => setConfirm(true)}>Delete</Button>}
              {perms.can("button:credential-update") && !editing && <Button onClick={() => setEditing(true)}>Edit</Button>}
              {perms.can("button:credential-validate") && (
                <Button variant="primary" loading={validate.isPending} onClick={() => validate.mutate(c.id)}>
                  Validate
                </Button>
              )}
            </SpaceBetween>
          }
        >
          {c.name}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {v && (
          <Alert
            type={!v.ok ? "error" : v.unreadable ? "warning" : "success"}
            header={
              !v.ok
                ? `Last validation failed: ${humanize(v.reason || "invalid")}`
                : v.unreadable
                  ? `Last validation: signs in, ${unreadableText(v.unreadable)}`
                  : "Last validation succeeded"
            }
          >
            <SpaceBetween size="xxs">
              <span>{v.message}</span>
              {v.arn && (
                <span>
                  Identity: <CopyValue value={v.arn} label="identity ARN" />
                </span>
              )}
              {v.accountId && v.accountId !== c.accountId && (
                <span>
                  The credentials reach account <CopyValue value={v.accountId} label="account id" />, not {c.name}'s account <CopyValue value={c.accountId} label="account id" />.
                </span>
              )}
              <Box variant="small">{formatDate(c.lastValidatedAt)}</Box>
            </SpaceBetween>
          </Alert>
        )}
        <DuplicateNotice credential={c} />
        {editing ? (
          <EditForm c={c} onDone={() => setEditing(false)} />
        ) : (
          <Container header={<Header variant="h2">Details</Header>}>
            <KeyValuePairs
              columns={3}
              items={[
                { label: "Account", value: <CopyValue value={c.accountId} label="account id" display={`${c.name} (${c.accountId})`} /> },
                { label: "Credential id", value: <CopyValue value={c.id} label="credential id" /> },
                { label: "Type", value: humanize(c.credentialType) + (c.demo ? " (simulated demo account)" : "") },
                { label: "State", value: c.isActive ? "Active" : "Inactive" },
                ...(c.credentialType !== "access_key"
                  ? [
                      { label: "Role ARN", value: c.roleArn ? <CopyValue value={c.roleArn} label="role ARN" /> : "-" },
                      { label: "External id", value: c.externalId ? <CopyValue value={c.externalId} label="external id" /> : "-" },
                      ...(c.credentialType === "organization" ? [{ label: "Member role name", value: c.memberRoleName ?? "-" }] : []),
                    ]
                  : [
                      { label: "Access key id", value: c.accessKeyId ? <CopyValue value={c.accessKeyId} label="access key id" /> : "-" },
                      { label: "Secret access key", value: "Stored encrypted, never shown" },
                    ]),
                { label: "Validation", value: <CredentialValidation c={c} full /> },
                ...(c.lastSignedInByScanAt ? [{ label: "Last signed in by a scan", value: formatDate(c.lastSignedInByScanAt) }] : []),
                { label: "Created", value: formatDate(c.createdAt) },
                { label: "Updated", value: formatDate(c.updatedAt) },
              ]}
            />
          </Container>
        )}
        {c.credentialType === "assume_role" && !c.demo && c.externalId && !editing && perms.can("button:credential-create") && (
          <RoleTemplatePanel externalId={c.externalId} />
        )}
        {v && !editing && <ValidationServices validation={v} />}
        <OrganizationPanels c={c} editing={editing} />
      </SpaceBetween>
      <ConfirmModal visible={confirm} title="Delete credential" confirmText="Delete" loading={remove.isPending} onConfirm={() => remove.mutate()} onDismiss={() => setConfirm(false)} irreversible>
        Delete "{c.name}"? New scans cannot use it; past results stay.
      </ConfirmModal>
    </ContentLayout>
  );
}

function EditForm({ c, onDone }: { c: Credential; onDone: () => void }) {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<CredentialForm>(() => formFrom(c));
  const [errors, setErrors] = useState<FormErrors>({});
  const save = useApiMutation({
    mutationFn: () => api.credentials.update(toUpdate(c, form)),
    fields: CREDENTIAL_FIELDS,
    onSuccess: (u) => {
      flash.success(`Saved "${u.name}".`);
      void queryClient.invalidateQueries({ queryKey: ["credentials"] });
      onDone();
    },
  });
  return (
    <Form
      actions={
        <Actions
          submitText="Save"
          loading={save.isPending}
          onCancel={onDone}
          onSubmit={() => {
              const errs = validateCredential(form, true);
              setErrors(errs);
              if (Object.keys(errs).length === 0) save.mutate();
          }}
        />
      }
    >
      <Container header={<Header variant="h2">Edit credential</Header>}>
        <CredentialFields form={form} onChange={(p) => setForm((f) => ({ ...f, ...p }))} errors={errors} apiError={save.error} editing />
      </Container>
    </Form>
  );
}
