// Sign-in, including the new-password challenge of a user whose password
// an administrator set as temporary. Returns to the page in ?next=.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";
import { fieldError } from "../../api/errors";
import { isChallenge } from "../../api/api";
import type { NewPasswordChallenge, SessionTokens } from "../../api/types";
import { useServices } from "../../app/services";
import { ApiErrorContent, errorTitle } from "../../components/ApiErrorContent";
import { RouterLink } from "../../components/RouterLink";
import { isFieldError } from "../../hooks/useApiMutation";
import { AuthLayout, safeNext } from "./AuthLayout";
import { passwordProblem } from "./passwords";

export default function SignIn() {
  const { api, session } = useServices();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [challenge, setChallenge] = useState<NewPasswordChallenge | null>(null);

  const health = useQuery({ queryKey: ["health"], queryFn: api.health, retry: false, staleTime: 30_000 });

  const finish = (r: SessionTokens | NewPasswordChallenge) => {
    if (isChallenge(r)) {
      setChallenge(r);
      return;
    }
    session.start(r);
    navigate(next, { replace: true });
  };

  return (
    <AuthLayout
      title={challenge ? "Choose a new password" : "Sign in"}
      description={challenge ? `Your password for ${challenge.username} was temporary.` : undefined}
    >
      <SpaceBetween size="m">
        {health.data?.status === "starting" && (
          <Alert type="info" header="CloudCensus is starting">
            Some services are not up yet; signing in may fail for a few seconds.
          </Alert>
        )}
        {notice && <Alert type="success">{notice}</Alert>}
        {!notice && session.lastEnd === "expired" && !challenge && (
          <Alert type="info">Your session has ended. Sign in again to continue where you were.</Alert>
        )}
        {challenge ? (
          <ChallengeForm challenge={challenge} onDone={finish} onCancel={() => setChallenge(null)} />
        ) : (
          <PasswordForm onDone={finish} />
        )}
      </SpaceBetween>
    </AuthLayout>
  );
}

const signInFields = ["username", "password"] as const;

function PasswordForm({ onDone }: { onDone: (r: SessionTokens | NewPasswordChallenge) => void }) {
  const { api } = useServices();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [touched, setTouched] = useState(false);
  const login = useMutation({ mutationFn: api.auth.login, onSuccess: onDone });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!username.trim() || !password) return;
    login.mutate({ username: username.trim(), password });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Form
        actions={
          <Button variant="primary" formAction="submit" loading={login.isPending}>
            Sign in
          </Button>
        }
        errorText={login.error && !isFieldError(login.error, signInFields) ? <ApiErrorContent error={login.error} /> : undefined}
        errorIconAriaLabel={login.error ? errorTitle(login.error) : undefined}
      >
        <SpaceBetween size="m">
          <FormField
            label="Username"
            errorText={(touched && !username.trim() ? "Enter your username." : undefined) ?? fieldError(login.error, "username")}
          >
            <Input
              value={username}
              onChange={(e) => setUsername(e.detail.value)}
              autoComplete="username"
              autoFocus
              name="username"
              controlId="signin-username"
            />
          </FormField>
          <FormField
            label="Password"
            errorText={(touched && !password ? "Enter your password." : undefined) ?? fieldError(login.error, "password")}
          >
            <Input
              type="password"
              value={password}
              onChange={(e) => setPassword(e.detail.value)}
              autoComplete="current-password"
              name="password"
              controlId="signin-password"
            />
          </FormField>
          <Box variant="small">
            Have an invite code? <RouterLink href="/signup">Create an account</RouterLink>
          </Box>
        </SpaceBetween>
      </Form>
    </form>
  );
}

function ChallengeForm({
  challenge,
  onDone,
  onCancel,
}: {
  challenge: NewPasswordChallenge;
  onDone: (r: SessionTokens | NewPasswordChallenge) => void;
  onCancel: () => void;
}) {
  const { api } = useServices();
  const [newPassword, setNewPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [touched, setTouched] = useState(false);
  const respond = useMutation({ mutationFn: api.auth.challenge, onSuccess: onDone });
  const problem = passwordProblem(newPassword);
  const mismatch = confirm !== newPassword ? "The passwords do not match." : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem || mismatch) return;
    respond.mutate({ username: challenge.username, session: challenge.session, newPassword });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Form
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" formAction="none" onClick={onCancel}>
              Cancel
            </Button>
            <Button variant="primary" formAction="submit" loading={respond.isPending}>
              Set password and sign in
            </Button>
          </SpaceBetween>
        }
        errorText={respond.error && !isFieldError(respond.error, ["newPassword"]) ? <ApiErrorContent error={respond.error} /> : undefined}
      >
        <SpaceBetween size="m">
          <FormField
            label="New password"
            constraintText="At least 8 characters with upper and lower case letters, a digit and a symbol."
            errorText={(touched ? problem : undefined) ?? fieldError(respond.error, "newPassword")}
          >
            <Input
              type="password"
              value={newPassword}
              onChange={(e) => setNewPassword(e.detail.value)}
              autoComplete="new-password"
              controlId="challenge-new-password"
            />
          </FormField>
          <FormField label="Confirm new password" errorText={touched ? mismatch : undefined}>
            <Input
              type="password"
              value={confirm}
              onChange={(e) => setConfirm(e.detail.value)}
              autoComplete="new-password"
              controlId="challenge-confirm-password"
            />
          </FormField>
        </SpaceBetween>
      </Form>
    </form>
  );
}
