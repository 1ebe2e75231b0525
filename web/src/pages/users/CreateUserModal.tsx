// Creating a user: an administrator sets a first password, temporary by
// default so the user chooses their own at first sign-in, and gives a
// primary role and any others.

import Checkbox from "@cloudscape-design/components/checkbox";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fieldError } from "../../api/errors";
import type { Role, User } from "../../api/types";
import { useApi } from "../../app/services";
import { useFlash } from "../../components/flash";
import { useApiMutation } from "../../hooks/useApiMutation";
import { emailProblem, passwordProblem } from "../auth/passwords";
import { ModalFooter } from "../../components/Actions";
import { RoleFields } from "./RoleFields";

const fields = ["username", "email", "password", "role", "roles", "temporary"] as const;
const blank = () => ({ username: "", email: "", password: "", role: "user" as Role, roles: [] as Role[], temporary: true });

export function CreateUserModal({ visible, onDismiss, onCreated }: { visible: boolean; onDismiss: () => void; onCreated: (u: User) => void }) {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(blank);
  const [touched, setTouched] = useState(false);
  const create = useApiMutation({
    mutationFn: () => api.users.create({ ...form, username: form.username.trim(), email: form.email.trim() }),
    fields,
    onSuccess: (u) => {
      flash.success(`User ${u.username} created.`);
      void queryClient.invalidateQueries({ queryKey: ["users"] });
      setForm(blank());
      setTouched(false);
      onCreated(u);
    },
  });
  const local = {
    username: /^[A-Za-z0-9._-]{3,64}$/.test(form.username.trim()) ? undefined : "Use 3 to 64 letters, digits, dots, dashes or underscores.",
    email: emailProblem(form.email),
    password: passwordProblem(form.password),
  };
  const err = (f: (typeof fields)[number]) => (touched ? local[f as keyof typeof local] : undefined) ?? fieldError(create.error, f);
  const submit = () => {
    setTouched(true);
    if (!Object.values(local).some(Boolean)) create.mutate();
  };
  return (
    <Modal
      visible={visible}
      onDismiss={onDismiss}
      header="Create user"
      closeAriaLabel="Close"
      footer={<ModalFooter submitText="Create user" loading={create.isPending} onSubmit={submit} onCancel={onDismiss} />}
    >
      <Form>
        <SpaceBetween size="m">
          <FormField label="Username" errorText={err("username")}>
            <Input value={form.username} onChange={(e) => setForm({ ...form, username: e.detail.value })} autoComplete={false} />
          </FormField>
          <FormField label="Email" errorText={err("email")}>
            <Input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.detail.value })} autoComplete={false} />
          </FormField>
          <RoleFields role={form.role} roles={form.roles} onChange={(r) => setForm({ ...form, ...r })} roleError={err("role")} rolesError={err("roles")} />
          <FormField label="Password" constraintText="At least 8 characters with upper and lower case letters, a digit and a symbol." errorText={err("password")}>
            <Input type="password" value={form.password} onChange={(e) => setForm({ ...form, password: e.detail.value })} autoComplete={false} />
          </FormField>
          <Checkbox checked={form.temporary} onChange={(e) => setForm({ ...form, temporary: e.detail.checked })}>
            Temporary: the user must choose a new password at first sign-in
          </Checkbox>
        </SpaceBetween>
      </Form>
    </Modal>
  );
}
