// Validating a credential and saying what came of it.

import { useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../app/services";
import { useFlash } from "../../components/flash";
import { humanize } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";

export function useValidateCredential() {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  return useApiMutation({
    mutationFn: (id: string) => api.credentials.validate(id),
    errorHeader: "The credential could not be validated",
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: ["credentials"] });
      const v = c.validation;
      if (v?.ok) flash.success(`"${c.name}" is valid${v.arn ? `: CloudCensus reaches the account as ${v.arn}` : ""}.`);
      else flash.error(new Error(`${humanize(v?.reason || "invalid")}: ${v?.message ?? "no detail"}`), `"${c.name}" did not validate`);
    },
  });
}
