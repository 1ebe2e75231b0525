// Creating a user: an administrator sets a first password, temporary by
// default so the user chooses their own at first sign-in.

import Checkbox from "@cloudscape-design/components/checkbox";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fieldError } from "../../api/errors";
import type { Role, User } from "../../api/types";
import { useApi } from "../../app/services";
import { useFlash } from "../../components/flash";
import { ROLES, roleLabel } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { emailProblem, passwordProblem } from "../auth/passwords";
import { ModalFooter } from "../../components/Actions";

const fields = ["username", "email", "password", "role", "temporary"] as const;

export function CreateUserModal({ visible, onDismiss, onCreated }: { visible: boolean; onDismiss: () => void; onCreated: (u: User) => void }) {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ username: "", email: "", password: "", role: "user" as Role, temporary: true });
  const [touched, setTouched] = useState(false);
  const create = useApiMutation({
    mutationFn: () => api.users.create({ ...form, username: form.username.trim(), email: form.email.trim() }),
    fields,
    onSuccess: (u) => {
      flash.success(`User ${u.username} created.`);
      void queryClient.invalidateQueries({ queryKey: ["users"] });
      setForm({ username: "", email: "", password: "", role: "user", temporary: true });
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
  const roleOptions = ROLES.map((r) => ({ value: r, label: roleLabel(r) }));
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
          <FormField label="Role" errorText={err("role")}>
            <Select
              selectedOption={roleOptions.find((o) => o.value === form.role) ?? null}
              options={roleOptions}
              onChange={(e) => setForm({ ...form, role: e.detail.selectedOption.value as Role })}
              ariaLabel="Role"
            />
          </FormField>
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
