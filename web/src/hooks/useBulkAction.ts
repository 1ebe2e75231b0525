// An action on the rows selected in a list (cancel, delete, revoke): one
// call per row, then a flash, the selection cleared and the lists that show
// those rows refreshed. A destructive one asks first: `confirm` is the
// props of its ConfirmModal. Each row's call stands alone: the flash says
// how many were done, which ones an approval workflow held (sent for
// approval, not done) and what failed.

import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState } from "react";
import { HeldForApproval } from "../api/errors";
import { useFlash } from "../components/flash";
import { useApiMutation } from "./useApiMutation";

/** How the calls on the selected rows went. */
export interface BulkOutcome {
  done: number;
  held: HeldForApproval[];
  failed: unknown[];
}

export function bulkOutcome(results: PromiseSettledResult<unknown>[]): BulkOutcome {
  const out: BulkOutcome = { done: 0, held: [], failed: [] };
  for (const r of results) {
    if (r.status === "fulfilled") out.done++;
    else if (r.reason instanceof HeldForApproval) out.held.push(r.reason);
    else out.failed.push(r.reason);
  }
  return out;
}

export function useBulkAction<T>(
  selection: { selected: T[]; setSelected(items: T[]): void },
  options: { run: (item: T) => Promise<unknown>; done: (count: number) => string; invalidate: QueryKey[] },
) {
  const flash = useFlash();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const mutation = useApiMutation({
    mutationFn: async (items: T[]) => bulkOutcome(await Promise.allSettled(items.map(options.run))),
    onSuccess: ({ done, held, failed }, items) => {
      if (done > 0) flash.success(options.done(done));
      flash.held(...held);
      const [first] = failed;
      if (first !== undefined) flash.error(first, failed.length > 1 ? `${failed.length} of ${items.length} failed` : undefined);
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
