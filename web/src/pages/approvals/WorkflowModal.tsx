// Creating or changing an approval workflow: its name, the operations it
// holds (in words, from the operations the API says a workflow may hold;
// one a workflow already holds is offered only to that one), and its
// ordered steps, each approved by a role or a named user within a number
// of minutes. The API's reason for a refused field shows beside it.

import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Modal from "@cloudscape-design/components/modal";
import Multiselect from "@cloudscape-design/components/multiselect";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../../api/errors";
import type { Role, Workflow } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { ModalFooter } from "../../components/Actions";
import { useFlash } from "../../components/flash";
import { ROLES, roleLabel, sentence } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { minutes, operationLabel } from "./describe";
import { formField, MAX_STEPS, moveStep, newStep, toWorkflowBody, validateWorkflow, workflowForm, type StepForm, type WorkflowErrors, type WorkflowForm } from "./workflowForm";

const approverKinds = [
  { value: "role", label: "A role" },
  { value: "user", label: "A named user" },
];
const roleOptions = ROLES.map((r) => ({ value: r, label: roleLabel(r) }));

export function WorkflowModal({
  visible,
  workflow,
  operations,
  workflows,
  onDismiss,
  onSaved,
}: {
  visible: boolean;
  /** The workflow changed; none to create one. */
  workflow?: Workflow;
  /** The operations a workflow may hold (the API's list). */
  operations: readonly string[];
  /** Every workflow: an operation one holds is not offered to another. */
  workflows: readonly Workflow[];
  onDismiss: () => void;
  onSaved: (w: Workflow) => void;
}) {
  return (
    <Modal visible={visible} size="large" header={workflow ? `Edit workflow ${workflow.name}` : "Create workflow"} onDismiss={onDismiss} closeAriaLabel="Close">
      {visible && <WorkflowEditor key={workflow?.id ?? "new"} workflow={workflow} operations={operations} workflows={workflows} onDismiss={onDismiss} onSaved={onSaved} />}
    </Modal>
  );
}

function WorkflowEditor({
  workflow,
  operations,
  workflows,
  onDismiss,
  onSaved,
}: {
  workflow?: Workflow;
  operations: readonly string[];
  workflows: readonly Workflow[];
  onDismiss: () => void;
  onSaved: (w: Workflow) => void;
}) {
  const api = useApi();
  const flash = useFlash();
  const perms = usePermissions();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<WorkflowForm>(() => workflowForm(workflow));
  const [errors, setErrors] = useState<WorkflowErrors>({});
  const users = useQuery({
    queryKey: ["users", "options"],
    queryFn: () => api.users.list({ page_size: 100 }),
    enabled: perms.can("menu:users"),
    staleTime: 60_000,
  });
  const userOptions = (users.data?.data ?? []).map((u) => ({ value: u.id, label: u.username, description: roleLabel(u.role) }));

  const save = useApiMutation({
    mutationFn: () => {
      const body = toWorkflowBody(form);
      return workflow ? api.approvals.updateWorkflow({ ...body, id: workflow.id, version: workflow.version }) : api.approvals.createWorkflow(body);
    },
    // Every field the form shows; the reason goes beside it.
    fields: ["name", "operations", "steps", ...form.steps.flatMap((_, i) => [`steps[${i}]`, `steps[${i}].approverRole`, `steps[${i}].approverUserId`, `steps[${i}].timeoutMinutes`]), ...form.operations.map((_, i) => `operations[${i}]`)],
    errorHeader: workflow ? "The workflow was not saved" : "The workflow was not created",
    onSuccess: (w) => {
      flash.success(
        workflow
          ? `Saved workflow "${w.name}".`
          : `Created workflow "${w.name}". From now on these wait for approval: ${w.operations.map(operationLabel).join(", ").toLowerCase()}.`,
      );
      void queryClient.invalidateQueries({ queryKey: ["approvals", "workflows"] });
      onSaved(w);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === "VALIDATION_ERROR" && typeof err.details.field === "string") {
        setErrors({ [formField(err.details.field)]: sentence(err.details.reason || err.message) });
      }
      if (err instanceof ApiError && err.code === "CONFLICT") void queryClient.invalidateQueries({ queryKey: ["approvals", "workflows"] });
    },
  });

  const change = (patch: Partial<WorkflowForm>) => setForm((f) => ({ ...f, ...patch }));
  const changeStep = (i: number, patch: Partial<StepForm>) => change({ steps: form.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const heldBy = new Map(workflows.filter((w) => w.id !== workflow?.id).flatMap((w) => w.operations.map((op) => [op, w.name] as const)));
  const options = operations.map((op) => {
    const other = heldBy.get(op);
    return { value: op, label: operationLabel(op), description: other ? `${op}, held by the workflow "${other}"` : op, disabled: !!other };
  });
  const submit = () => {
    const errs = validateWorkflow(form);
    setErrors(errs);
    if (Object.keys(errs).length === 0) save.mutate();
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
    >
      <Form actions={<ModalFooter submitText={workflow ? "Save" : "Create workflow"} loading={save.isPending} onCancel={onDismiss} submitsForm />}>
        <SpaceBetween size="l">
          <FormField label="Name" errorText={errors.name}>
            <Input value={form.name} onChange={(e) => change({ name: e.detail.value })} placeholder="Deletes need an administrator" ariaRequired />
          </FormField>
          <FormField
            label="Operations it holds"
            description="These wait for the steps below to approve them before they run. An operation can be held by one workflow only."
            errorText={errors.operations}
          >
            <Multiselect
              selectedOptions={options.filter((o) => form.operations.includes(o.value))}
              options={options}
              onChange={(e) => change({ operations: e.detail.selectedOptions.map((o) => o.value ?? "").filter(Boolean) })}
              placeholder="Choose operations"
              ariaLabel="Operations it holds"
              deselectAriaLabel={(o) => `Remove ${o.label ?? o.value}`}
              filteringType="auto"
            />
          </FormField>
          <FormField
            label="Approval steps"
            description={`Decided in this order; each step must be decided within its time or the request expires. At most ${MAX_STEPS} steps.`}
            errorText={errors.steps}
            stretch
          >
            <AttributeEditor<StepForm>
              items={form.steps}
              addButtonText="Add step"
              disableAddButton={form.steps.length >= MAX_STEPS}
              onAddButtonClick={() => change({ steps: [...form.steps, newStep()] })}
              onRemoveButtonClick={(e) => change({ steps: form.steps.filter((_, i) => i !== e.detail.itemIndex) })}
              empty="No steps: add one."
              i18nStrings={{ itemRemovedAriaLive: "Step removed" }}
              customRowActions={({ itemIndex, ref }) => (
                <ButtonDropdown
                  ref={ref}
                  ariaLabel={`More actions for step ${itemIndex + 1}`}
                  items={[
                    { id: "up", text: "Move up", disabled: itemIndex === 0 },
                    { id: "down", text: "Move down", disabled: itemIndex === form.steps.length - 1 },
                  ]}
                  mainAction={{
                    text: "Remove",
                    ariaLabel: `Remove step ${itemIndex + 1}`,
                    onClick: () => change({ steps: form.steps.filter((_, i) => i !== itemIndex) }),
                  }}
                  onItemClick={(e) => change({ steps: moveStep(form.steps, itemIndex, e.detail.id === "up" ? -1 : 1) })}
                />
              )}
              definition={[
                {
                  label: "Step",
                  control: (_, i) => `${i + 1}`,
                },
                {
                  label: "Approved by",
                  control: (s, i) => (
                    <Select
                      selectedOption={approverKinds.find((k) => k.value === s.by) ?? null}
                      options={approverKinds}
                      onChange={(e) => changeStep(i, { by: e.detail.selectedOption.value as StepForm["by"] })}
                      ariaLabel={`Step ${i + 1} approved by`}
                    />
                  ),
                },
                {
                  label: "Approver",
                  errorText: (_, i) => errors[`steps[${i}].approver`],
                  control: (s, i) =>
                    s.by === "role" ? (
                      <Select
                        selectedOption={roleOptions.find((o) => o.value === s.role) ?? null}
                        options={roleOptions}
                        onChange={(e) => changeStep(i, { role: e.detail.selectedOption.value as Role })}
                        ariaLabel={`Step ${i + 1} approver role`}
                      />
                    ) : (
                      <Select
                        selectedOption={userOptions.find((o) => o.value === s.userId) ?? (s.userId ? { value: s.userId, label: s.userId } : null)}
                        options={userOptions}
                        onChange={(e) => changeStep(i, { userId: e.detail.selectedOption.value ?? "" })}
                        placeholder="Choose a user"
                        filteringType="auto"
                        statusType={users.isLoading ? "loading" : "finished"}
                        loadingText="Loading users"
                        ariaLabel={`Step ${i + 1} approver user`}
                      />
                    ),
                },
                {
                  label: "Time to decide (minutes)",
                  errorText: (_, i) => errors[`steps[${i}].timeoutMinutes`],
                  constraintText: (s) => (/^\d+$/.test(s.timeout.trim()) && Number(s.timeout) > 0 ? minutes(Number(s.timeout)) : undefined),
                  control: (s, i) => (
                    <Input
                      type="number"
                      inputMode="numeric"
                      value={s.timeout}
                      onChange={(e) => changeStep(i, { timeout: e.detail.value })}
                      ariaLabel={`Step ${i + 1} time to decide in minutes`}
                    />
                  ),
                },
              ]}
            />
          </FormField>
        </SpaceBetween>
      </Form>
    </form>
  );
}
