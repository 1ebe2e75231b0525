// Adding a credential: the form; the new credential opens where its role
// template (with the external id the server generated) can be deployed and
// the credential validated. The role ARN's placeholder names the role the
// template's stack creates (read from the role template, not made up here).

import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Form from "@cloudscape-design/components/form";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../../app/services";
import { useFlash } from "../../components/flash";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { CredentialFields } from "./CredentialFields";
import { CREDENTIAL_FIELDS, emptyForm, toCreate, validateCredential, type CredentialForm, type FormErrors } from "./form";
import { Actions } from "../../components/Actions";
import { InfoLink } from "../../help/InfoLink";

export default function CreateCredential() {
  useBreadcrumbs([
    { text: "Credentials", href: "/credentials" },
    { text: "Add credential", href: "/credentials/new" },
  ]);
  const api = useApi();
  const flash = useFlash();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<CredentialForm>(emptyForm);
  const [errors, setErrors] = useState<FormErrors>({});
  // Only its roleArnPattern is used: the credential's own template (with its external id) comes once it exists.
  const template = useQuery({ queryKey: ["credentials", "role-template", "pattern"], queryFn: () => api.credentials.roleTemplate(), staleTime: Infinity });
  const onChange = useCallback((patch: Partial<CredentialForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k as keyof CredentialForm];
      return next;
    });
  }, []);

  const create = useApiMutation({
    mutationFn: () => api.credentials.create(toCreate(form)),
    fields: CREDENTIAL_FIELDS,
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: ["credentials"] });
      flash.success(
        c.credentialType === "organization"
          ? `Credential "${c.name}" added. Deploy the scanner role in the management account and the StackSet to the members (below), then discover the member accounts.`
          : c.credentialType === "assume_role"
            ? `Credential "${c.name}" added. Deploy the scanner role with its external id below, then validate it.`
            : `Credential "${c.name}" added. Validate it to check CloudCensus can reach the account.`,
      );
      navigate(`/credentials/${c.id}`);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs = validateCredential(form);
    setErrors(errs);
    if (Object.keys(errs).length === 0) create.mutate();
  };

  return (
    <ContentLayout header={<Header variant="h1" info={<InfoLink topic="credentials" />} description="A way into one AWS account, or every account of an AWS Organization, for the scanner.">Add credential</Header>}>
      <form onSubmit={submit} noValidate>
        <Form
          actions={<Actions submitText="Add credential" submitsForm loading={create.isPending} onCancel={() => navigate("/credentials")} />}
        >
          <SpaceBetween size="l">
            <Container header={<Header variant="h2">Credential</Header>}>
              <CredentialFields form={form} onChange={onChange} errors={errors} apiError={create.error} roleArnPattern={template.data?.roleArnPattern} />
            </Container>
          </SpaceBetween>
        </Form>
      </form>
    </ContentLayout>
  );
}
