// The signed-in user's own page: who they are and a password change.

import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState, type FormEvent } from "react";
import { fieldError } from "../../api/errors";
import { useApi, useSessionState } from "../../app/services";
import { useFlash } from "../../components/flash";
import { UserStatusIndicator } from "../../components/status";
import { formatDate, roleLabel } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { passwordProblem } from "./passwords";

export default function Account() {
  const api = useApi();
  const flash = useFlash();
  const session = useSessionState();
  useBreadcrumbs([{ text: "Account settings", href: "/account" }]);
  const [oldPassword, setOld] = useState("");
  const [newPassword, setNew] = useState("");
  const [touched, setTouched] = useState(false);
  const change = useApiMutation({
    mutationFn: api.auth.changePassword,
    fields: ["oldPassword", "newPassword"],
    onSuccess: () => {
      flash.success("Your password was changed.");
      setOld("");
      setNew("");
      setTouched(false);
    },
  });
  const problem = passwordProblem(newPassword);
  const user = session?.user;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!oldPassword || problem) return;
    change.mutate({ oldPassword, newPassword });
  };

  return (
    <ContentLayout header={<Header variant="h1">Account settings</Header>}>
      <SpaceBetween size="l">
        {user && (
          <Container header={<Header variant="h2">Profile</Header>}>
            <KeyValuePairs
              columns={4}
              items={[
                { label: "Username", value: user.username },
                { label: "Email", value: user.email },
                { label: "Role", value: roleLabel(user.role) },
                { label: "Status", value: <UserStatusIndicator status={user.status} /> },
                { label: "Member since", value: formatDate(user.createdAt) },
              ]}
            />
          </Container>
        )}
        <form onSubmit={submit} noValidate>
          <Form
            actions={
              <Button variant="primary" formAction="submit" loading={change.isPending}>
                Change password
              </Button>
            }
          >
            <Container header={<Header variant="h2">Change password</Header>}>
              <SpaceBetween size="m">
                <FormField
                  label="Current password"
                  errorText={(touched && !oldPassword ? "Enter your current password." : undefined) ?? fieldError(change.error, "oldPassword")}
                >
                  <Input type="password" value={oldPassword} onChange={(e) => setOld(e.detail.value)} autoComplete="current-password" />
                </FormField>
                <FormField
                  label="New password"
                  constraintText="At least 8 characters with upper and lower case letters, a digit and a symbol."
                  errorText={(touched ? problem : undefined) ?? fieldError(change.error, "newPassword")}
                >
                  <Input type="password" value={newPassword} onChange={(e) => setNew(e.detail.value)} autoComplete="new-password" />
                </FormField>
              </SpaceBetween>
            </Container>
          </Form>
        </form>
      </SpaceBetween>
    </ContentLayout>
  );
}
