// Starting a background job (an export or a rebuild): the start call, its
// refusal in the flashbar (429: too many jobs running, 409: the task's
// results expired; the API's message says which and until when), then the
// job followed to its end by JobsProvider.

import type { Job } from "../api/types";
import { useJobs } from "../jobs/JobsProvider";
import { useApiMutation } from "./useApiMutation";

export function useBackgroundJob<V>(options: { start: (vars: V) => Promise<Job>; errorHeader: string }) {
  const jobs = useJobs();
  const mutation = useApiMutation<Job, V>({
    mutationFn: options.start,
    errorHeader: options.errorHeader,
    onSuccess: (job) => jobs.follow(job),
  });
  return {
    start: mutation.mutate,
    /** The start call is under way. */
    isStarting: mutation.isPending,
    /** The jobs this tab follows now: a page shows its own as busy. */
    active: jobs.active,
  };
}
