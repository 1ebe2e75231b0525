// The two role fields of the user forms: the primary role and any other
// roles; the person may do what any of them allows.

import FormField from "@cloudscape-design/components/form-field";
import Multiselect from "@cloudscape-design/components/multiselect";
import Select from "@cloudscape-design/components/select";
import type { Role } from "../../api/types";
import { roleLabel } from "../../format";
import { useRoleChoices, withoutPrimary, type RoleOption } from "./roleChoices";

export interface RoleFieldsProps {
  role: Role;
  roles: Role[];
  onChange: (v: { role: Role; roles: Role[] }) => void;
  disabled?: boolean;
  /** Shown under the primary role (why it cannot be changed, say). */
  description?: string;
  roleError?: string;
  rolesError?: string;
}

/** An option for a role the list does not offer (one the caller cannot read, say): still shown as chosen. */
const known = (options: RoleOption[], r: Role): RoleOption => options.find((o) => o.value === r) ?? { value: r, label: roleLabel(r) };

export function RoleFields({ role, roles, onChange, disabled, description, roleError, rolesError }: RoleFieldsProps) {
  const { options, loading } = useRoleChoices();
  const others = options.filter((o) => o.value !== role);
  return (
    <>
      <FormField label="Primary role" description={description} errorText={roleError}>
        <Select
          selectedOption={known(options, role)}
          options={options}
          onChange={(e) => {
            const next = e.detail.selectedOption.value as Role;
            onChange({ role: next, roles: withoutPrimary(roles, next) });
          }}
          disabled={disabled}
          statusType={loading ? "loading" : "finished"}
          loadingText="Loading roles"
          ariaLabel="Primary role"
        />
      </FormField>
      <FormField label={<>Other roles <i>- optional</i></>} description="The person may also do what these roles allow." errorText={rolesError}>
        <Multiselect
          selectedOptions={roles.map((r) => known(options, r))}
          options={others}
          onChange={(e) => onChange({ role, roles: e.detail.selectedOptions.map((o) => o.value as Role) })}
          disabled={disabled}
          statusType={loading ? "loading" : "finished"}
          loadingText="Loading roles"
          placeholder="Choose roles"
          filteringType="auto"
          ariaLabel="Other roles"
          tokenLimit={4}
        />
      </FormField>
    </>
  );
}
