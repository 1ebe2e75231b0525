// The editor of a list of scope rules (exclusions), one row each: what the
// rule excludes (its kind) and the value, with the row's problem beside it
// (the form's own check, or the API's reason for exclusions[i]). Service
// and region rules choose from the API's catalog; the others are typed.

import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import Input from "@cloudscape-design/components/input";
import Select, { type SelectProps } from "@cloudscape-design/components/select";
import { useMemo } from "react";
import type { ScopeRule } from "../api/types";
import { useServiceCatalog } from "../hooks/useServiceCatalog";
import { EXCLUSION_KINDS, kindInfo } from "./exclusions";

const kindOptions: SelectProps.Option[] = EXCLUSION_KINDS.map((k) => ({ value: k.value, label: k.label }));

export interface ExclusionsEditorProps {
  rules: readonly ScopeRule[];
  onChange: (rules: ScopeRule[]) => void;
  /** The problem of one part of row index (the form's, or the API's), if any. */
  errorFor: (index: number, part: "kind" | "value") => string | undefined;
  readOnly?: boolean;
  /** Shown with no rule. */
  empty?: string;
}

export function ExclusionsEditor({ rules, onChange, errorFor, readOnly = false, empty = "No exclusions." }: ExclusionsEditorProps) {
  const catalog = useServiceCatalog();
  const serviceOptions = useMemo<SelectProps.Option[]>(
    () => (catalog.data?.services ?? []).map((s) => ({ value: s.key, label: s.title, description: s.key })),
    [catalog.data],
  );
  const regionOptions = useMemo<SelectProps.Option[]>(() => (catalog.data?.regions ?? []).map((r) => ({ value: r, label: r })), [catalog.data]);

  const set = (index: number, patch: Partial<ScopeRule>) =>
    onChange(rules.map((r, i) => (i === index ? { kind: patch.kind ?? r.kind, value: patch.value ?? r.value } : { kind: r.kind, value: r.value })));

  const valueControl = (r: ScopeRule, i: number) => {
    const label = `Value of exclusion ${i + 1}`;
    const choices = r.kind === "service" ? serviceOptions : r.kind === "region" ? regionOptions : undefined;
    if (choices && choices.length > 0) {
      const selected = choices.find((o) => o.value === r.value) ?? (r.value ? { value: r.value, label: r.value } : null);
      return (
        <Select
          selectedOption={selected}
          onChange={(e) => set(i, { value: e.detail.selectedOption.value ?? "" })}
          options={choices}
          filteringType="auto"
          placeholder={r.kind === "service" ? "Choose a service" : "Choose a region"}
          ariaLabel={label}
          disabled={readOnly}
          invalid={!!errorFor(i, "value")}
        />
      );
    }
    return (
      <Input
        value={r.value}
        onChange={(e) => set(i, { value: e.detail.value })}
        placeholder={kindInfo(r.kind)?.placeholder}
        ariaLabel={label}
        disabled={readOnly}
        invalid={!!errorFor(i, "value")}
      />
    );
  };

  return (
    <AttributeEditor<ScopeRule>
      items={rules}
      onAddButtonClick={() => onChange([...rules.map((r) => ({ kind: r.kind, value: r.value })), { kind: "tag", value: "" }])}
      onRemoveButtonClick={(e) => onChange(rules.filter((_, i) => i !== e.detail.itemIndex).map((r) => ({ kind: r.kind, value: r.value })))}
      addButtonText="Add exclusion"
      removeButtonText="Remove"
      removeButtonAriaLabel={(r) => `Remove exclusion ${r.kind} ${r.value}`.trim()}
      hideAddButton={readOnly}
      isItemRemovable={() => !readOnly}
      empty={empty}
      i18nStrings={{ errorIconAriaLabel: "Error", itemRemovedAriaLive: "An exclusion was removed." }}
      definition={[
        {
          label: "Exclude by",
          control: (r, i) => (
            <Select
              selectedOption={kindOptions.find((o) => o.value === r.kind) ?? null}
              onChange={(e) => set(i, { kind: e.detail.selectedOption.value ?? "tag", value: "" })}
              options={kindOptions}
              ariaLabel={`Kind of exclusion ${i + 1}`}
              disabled={readOnly}
            />
          ),
          errorText: (_, i) => errorFor(i, "kind"),
        },
        {
          label: "Value",
          control: valueControl,
          errorText: (_, i) => errorFor(i, "value"),
          constraintText: (r) => kindInfo(r.kind)?.hint,
        },
      ]}
    />
  );
}
