// An action on the rows selected in a list (cancel, delete, revoke): one
// call per row, then a flash, the selection cleared and the lists that show
// those rows refreshed. A destructive one asks first: `confirm` is the
// props of its ConfirmModal.

import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState } from "react";
import { useFlash } from "../components/flash";
import { useApiMutation } from "./useApiMutation";

export function useBulkAction<T>(
  selection: { selected: T[]; setSelected(items: T[]): void },
  options: { run: (item: T) => Promise<unknown>; done: (count: number) => string; invalidate: QueryKey[] },
) {
  const flash = useFlash();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const mutation = useApiMutation({
    mutationFn: async (items: T[]) => Promise.all(items.map(options.run)),
    onSuccess: (_, items) => {
      flash.success(options.done(items.length));
      selection.setSelected([]);
      setConfirming(false);
      for (const queryKey of options.invalidate) void queryClient.invalidateQueries({ queryKey });
    },
    onError: () => setConfirming(false),
  });
  const run = () => mutation.mutate(selection.selected);
  return {
    isPending: mutation.isPending,
    /** Runs on the selection now. */
    run,
    /** Asks first (opens the ConfirmModal). */
    ask: () => setConfirming(true),
    confirm: { visible: confirming, loading: mutation.isPending, onConfirm: run, onDismiss: () => setConfirming(false) },
  };
}
