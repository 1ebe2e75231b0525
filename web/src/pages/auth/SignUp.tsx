// Sign-up with a workspace invite code (the link an administrator shares
// carries it as ?code=).

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { fieldError } from "../../api/errors";
import { useServices } from "../../app/services";
import { ApiErrorContent } from "../../components/ApiErrorContent";
import { RouterLink } from "../../components/RouterLink";
import { isFieldError } from "../../hooks/useApiMutation";
import { AuthLayout } from "./AuthLayout";
import { emailProblem, passwordProblem } from "./passwords";

const fields = ["inviteCode", "username", "email", "password"] as const;

export default function SignUp() {
  const { api } = useServices();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form, setForm] = useState({ inviteCode: params.get("code") ?? "", username: "", email: "", password: "" });
  const [confirm, setConfirm] = useState("");
  const [touched, setTouched] = useState(false);
  const register = useMutation({
    mutationFn: api.auth.register,
    onSuccess: ({ user }) =>
      navigate("/signin", { state: { notice: `Account ${user.username} created. Sign in with your new password.` } }),
  });

  const local: Partial<Record<(typeof fields)[number] | "confirm", string>> = {
    inviteCode: form.inviteCode.trim() ? undefined : "Enter the invite code you were given.",
    username: /^[A-Za-z0-9._-]{3,64}$/.test(form.username.trim())
      ? undefined
      : "Use 3 to 64 letters, digits, dots, dashes or underscores.",
    email: emailProblem(form.email),
    password: passwordProblem(form.password),
    confirm: confirm === form.password ? undefined : "The passwords do not match.",
  };
  const errorFor = (f: keyof typeof local) =>
    (touched ? local[f] : undefined) ?? (f === "confirm" ? undefined : fieldError(register.error, f));
  const set = (k: keyof typeof form) => (e: { detail: { value: string } }) => setForm((s) => ({ ...s, [k]: e.detail.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.values(local).some(Boolean)) return;
    register.mutate({ ...form, inviteCode: form.inviteCode.trim(), username: form.username.trim(), email: form.email.trim() });
  };

  return (
    <AuthLayout title="Create an account" description="You need an invite code from your workspace administrator.">
      <form onSubmit={submit} noValidate>
        <Form
          actions={
            <Button variant="primary" formAction="submit" loading={register.isPending}>
              Create account
            </Button>
          }
          errorText={register.error && !isFieldError(register.error, fields) ? <ApiErrorContent error={register.error} /> : undefined}
        >
          <SpaceBetween size="m">
            <FormField label="Invite code" errorText={errorFor("inviteCode")}>
              <Input value={form.inviteCode} onChange={set("inviteCode")} controlId="signup-code" />
            </FormField>
            <FormField label="Username" errorText={errorFor("username")}>
              <Input value={form.username} onChange={set("username")} autoComplete="username" controlId="signup-username" />
            </FormField>
            <FormField label="Email" errorText={errorFor("email")}>
              <Input type="email" value={form.email} onChange={set("email")} autoComplete="email" controlId="signup-email" />
            </FormField>
            <FormField
              label="Password"
              constraintText="At least 8 characters with upper and lower case letters, a digit and a symbol."
              errorText={errorFor("password")}
            >
              <Input type="password" value={form.password} onChange={set("password")} autoComplete="new-password" controlId="signup-password" />
            </FormField>
            <FormField label="Confirm password" errorText={errorFor("confirm")}>
              <Input type="password" value={confirm} onChange={(e) => setConfirm(e.detail.value)} autoComplete="new-password" controlId="signup-confirm" />
            </FormField>
            <Box variant="small">
              Already have an account? <RouterLink href="/signin">Sign in</RouterLink>
            </Box>
          </SpaceBetween>
        </Form>
      </form>
    </AuthLayout>
  );
}
