// The signed-in user's own page: who they are, a password change, and
// joining another workspace with an invite code from its administrator.

import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldError } from "../../api/errors";
import { useApi, useSessionState } from "../../app/services";
import { useFlash } from "../../components/flash";
import { UserStatusIndicator } from "../../components/status";
import { formatDate, roleLabel } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { membershipsKey } from "../../layout/workspaces";
import { rolesOf } from "../users/roleChoices";
import { passwordProblem } from "./passwords";
import { InfoLink } from "../../help/InfoLink";

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
    <ContentLayout header={<Header variant="h1" info={<InfoLink topic="account" />}>Account settings</Header>}>
      <SpaceBetween size="l">
        {user && (
          <Container header={<Header variant="h2">Profile</Header>}>
            <KeyValuePairs
              columns={4}
              items={[
                { label: "Username", value: user.username },
                { label: "Email", value: user.email },
                { label: rolesOf(user).length > 1 ? "Roles" : "Role", value: rolesOf(user).map(roleLabel).join(", ") },
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
        <JoinWorkspace />
      </SpaceBetween>
    </ContentLayout>
  );
}

/** Joins another workspace with its invite code; the workspace menu in the top bar then offers it. */
function JoinWorkspace() {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const userId = useSessionState()?.user.id;
  const [code, setCode] = useState("");
  const [touched, setTouched] = useState(false);
  const join = useApiMutation({
    mutationFn: (inviteCode: string) => api.auth.join(inviteCode),
    fields: ["inviteCode"],
    onSuccess: async (member) => {
      setCode("");
      setTouched(false);
      // Read the memberships anew: the switcher in the top bar shows them from this answer.
      const mine = await queryClient
        .fetchQuery({ queryKey: membershipsKey(userId), queryFn: () => api.auth.workspaces(), staleTime: 0 })
        .catch(() => undefined);
      const joined = mine?.data.find((m) => m.workspaceId === member.workspaceId);
      flash.success(
        `You joined ${joined ? joined.workspaceName : "the workspace"}. Choose it from the workspace menu at the top of the page to work there.`,
      );
    },
  });
  const missing = touched && !code.trim() ? "Enter the invite code." : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (code.trim()) join.mutate(code.trim());
  };
  return (
    <form onSubmit={submit} noValidate>
      <Form
        actions={
          <Button variant="primary" formAction="submit" loading={join.isPending}>
            Join workspace
          </Button>
        }
      >
        <Container
          header={
            <Header variant="h2" description="An administrator of another workspace can give you an invite code. You keep this workspace and your password.">
              Join another workspace
            </Header>
          }
        >
          <FormField label="Invite code" errorText={missing ?? fieldError(join.error, "inviteCode")}>
            <Input value={code} onChange={(e) => setCode(e.detail.value)} autoComplete={false} spellcheck={false} />
          </FormField>
        </Container>
      </Form>
    </form>
  );
}
