// The base principal CloudCensus assumes target roles from: its own
// execution role (the default) or a stored access key.

import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import RadioGroup from "@cloudscape-design/components/radio-group";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fieldError } from "../../api/errors";
import type { BaseRole } from "../../api/types";
import { useApi } from "../../app/services";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFlash } from "../../components/flash";
import { formatDate } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { Actions } from "../../components/Actions";
import { InfoLink } from "../../help/InfoLink";

export function BaseRolePanel({ canEdit }: { canEdit: boolean }) {
  const api = useApi();
  const q = useQuery({ queryKey: ["credentials", "base-role"], queryFn: api.credentials.baseRole });
  const [editing, setEditing] = useState(false);
  return (
    <Container
      header={
        <Header
          variant="h2"
          info={<InfoLink topic="base-role" />}
          description="The principal that calls AssumeRole into target accounts."
          actions={canEdit && !editing && <Button onClick={() => setEditing(true)}>Edit</Button>}
        >
          Base role
        </Header>
      }
    >
      {q.error ? (
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : editing && q.data ? (
        <BaseRoleForm current={q.data} onDone={() => setEditing(false)} />
      ) : (
        <KeyValuePairs
          columns={3}
          items={[
            { label: "Mode", value: q.data ? (q.data.mode === "execution_role" ? "CloudCensus execution role" : "Access key") : "-" },
            { label: "Access key id", value: q.data?.accessKeyId ?? "-" },
            { label: "Updated", value: formatDate(q.data?.updatedAt) },
          ]}
        />
      )}
    </Container>
  );
}

function BaseRoleForm({ current, onDone }: { current: BaseRole; onDone: () => void }) {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<BaseRole["mode"]>(current.mode);
  const [accessKeyId, setKeyId] = useState("");
  const [secretAccessKey, setSecret] = useState("");
  const [touched, setTouched] = useState(false);
  const save = useApiMutation({
    mutationFn: () => api.credentials.setBaseRole(mode === "access_key" ? { mode, accessKeyId: accessKeyId.trim(), secretAccessKey: secretAccessKey.trim() } : { mode }),
    fields: ["mode", "accessKeyId", "secretAccessKey"],
    onSuccess: () => {
      flash.success("Base role saved.");
      void queryClient.invalidateQueries({ queryKey: ["credentials", "base-role"] });
      onDone();
    },
  });
  const keyProblem = mode === "access_key" && !/^(AKIA|ASIA)[A-Z0-9]{16}$/.test(accessKeyId.trim()) ? "An access key id is 20 characters starting with AKIA." : undefined;
  const secretProblem = mode === "access_key" && secretAccessKey.trim().length !== 40 ? "A secret access key is 40 characters." : undefined;
  return (
    <Form
      actions={
        <Actions
          submitText="Save"
          loading={save.isPending}
          onCancel={onDone}
          onSubmit={() => {
              setTouched(true);
              if (!keyProblem && !secretProblem) save.mutate();
          }}
        />
      }
    >
      <SpaceBetween size="m">
        <FormField label="Mode" errorText={fieldError(save.error, "mode")}>
          <RadioGroup
            value={mode}
            onChange={(e) => setMode(e.detail.value as BaseRole["mode"])}
            ariaLabel="Base role mode"
            items={[
              { value: "execution_role", label: "CloudCensus execution role", description: "Recommended: no stored secret." },
              { value: "access_key", label: "Access key", description: "An IAM user key allowed to assume the target roles." },
            ]}
          />
        </FormField>
        {mode === "access_key" && (
          <FormField label="Access key id" errorText={(touched ? keyProblem : undefined) ?? fieldError(save.error, "accessKeyId")}>
            <Input value={accessKeyId} onChange={(e) => setKeyId(e.detail.value)} autoComplete={false} />
          </FormField>
        )}
        {mode === "access_key" && (
          <FormField label="Secret access key" errorText={(touched ? secretProblem : undefined) ?? fieldError(save.error, "secretAccessKey")}>
            <Input type="password" value={secretAccessKey} onChange={(e) => setSecret(e.detail.value)} autoComplete={false} />
          </FormField>
        )}
      </SpaceBetween>
    </Form>
  );
}
