// useApiMutation is useMutation with the console's error rule: a
// validation error about a field the form shows stays beside that field;
// every other failure goes to the flashbar. A call an approval workflow
// held (HeldForApproval, the API's 202) ends the mutation without its
// success: the flashbar says it was sent for approval, with the request's
// link, and the page's onError closes its dialogs as after a refusal.

import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import { ApiError } from "../api/errors";
import { useFlash } from "../components/flash";

export function isFieldError(err: unknown, fields: readonly string[]): boolean {
  return (
    err instanceof ApiError &&
    err.code === "VALIDATION_ERROR" &&
    typeof err.details.field === "string" &&
    fields.includes(err.details.field)
  );
}

export function useApiMutation<TData, TVars>(
  options: UseMutationOptions<TData, Error, TVars> & { fields?: readonly string[]; errorHeader?: string },
) {
  const flash = useFlash();
  const { fields = [], errorHeader, onError, ...rest } = options;
  return useMutation<TData, Error, TVars>({
    ...rest,
    onError: (err, vars, ctx, mctx) => {
      if (!isFieldError(err, fields)) flash.error(err, errorHeader);
      onError?.(err, vars, ctx, mctx);
    },
  });
}
