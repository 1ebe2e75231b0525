// Background jobs (exports and rebuilds) followed to their end wherever the
// user goes next: each job started in this tab is polled at
// /api/exports/detail until it ends, shown meanwhile as a flashbar item with
// a spinner; then the file is downloaded (an export) or the new report
// announced (a rebuild), or the job's error shown. The download is the
// presigned URL opened by the browser, never fetched with the API's token.

import Box from "@cloudscape-design/components/box";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Job, Report } from "../api/types";
import { useApi, useSessionState } from "../app/services";
import { openDownload } from "../components/download";
import { useFlash } from "../components/flash";
import { RouterLink } from "../components/RouterLink";
import { isJobEnded } from "../components/status";
import { jobOutput, jobProgress, jobTitle } from "./describe";

export const JOB_POLL_MS = 1_000;

interface Followed {
  job: Job;
  flashId: string;
}

interface JobsContextValue {
  /** Starts following a job the API just accepted. */
  follow(job: Job): void;
  /** The jobs followed now (not yet ended). */
  active: Job[];
}

const JobsContext = createContext<JobsContextValue | null>(null);

export function JobsProvider({ children, pollMs = JOB_POLL_MS }: { children: ReactNode; pollMs?: number }) {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const workspace = useSessionState()?.user.workspaceId;
  const [followed, setFollowed] = useState<Followed[]>([]);
  const followedIn = useRef(workspace);

  // Signing out, or moving to another workspace, stops following: the jobs
  // are the user's in the workspace they were started in, not the tab's.
  useEffect(() => {
    if (workspace !== undefined && workspace === followedIn.current) return;
    followedIn.current = workspace;
    setFollowed((fs) => {
      for (const f of fs) flash.dismiss(f.flashId);
      return [];
    });
  }, [workspace, flash]);

  const follow = useCallback(
    (job: Job) => {
      const flashId = flash.progress(`${jobTitle(job)} started`, jobProgress(job));
      setFollowed((fs) => [...fs.filter((f) => f.job.id !== job.id), { job, flashId }]);
      void queryClient.invalidateQueries({ queryKey: ["exports", "list"] });
    },
    [flash, queryClient],
  );

  const finish = useCallback(
    async (f: Followed, job: Job | undefined, err: unknown) => {
      setFollowed((fs) => fs.filter((x) => x.job.id !== f.job.id));
      flash.dismiss(f.flashId);
      void queryClient.invalidateQueries({ queryKey: ["exports", "list"] });
      const title = jobTitle(f.job);
      if (!job) return flash.error(err, `${title}: its progress could not be read`);
      if (job.status === "failed") return flash.failure(`${title} failed`, job.error || "The job failed without giving a reason.");
      if (job.kind === "report_rebuild") {
        void queryClient.invalidateQueries({ queryKey: ["reports"] });
        void queryClient.invalidateQueries({ queryKey: ["tasks"] });
        const report = job.reportId ? await api.reports.detail(job.reportId).catch(() => undefined) : undefined;
        return flash.success(<ReportBuilt job={job} report={report} />);
      }
      if (!job.download) return flash.failure(`${title} finished`, <>The file is ready but came without a link: download it from <RouterLink href="/exports">Exports</RouterLink>.</>);
      openDownload(job.download.url, job.download.fileName);
      flash.success(`${title} done: ${job.download.fileName} (${jobOutput(job)}) downloaded.`);
    },
    [api, flash, queryClient],
  );

  const active = useMemo(() => followed.map((f) => f.job), [followed]);
  const value = useMemo(() => ({ follow, active }), [follow, active]);
  return (
    <JobsContext.Provider value={value}>
      {followed.map((f) => (
        <JobWatcher key={f.job.id} followed={f} pollMs={pollMs} onEnd={finish} />
      ))}
      {children}
    </JobsContext.Provider>
  );
}

export function useJobs(): JobsContextValue {
  const c = useContext(JobsContext);
  if (!c) throw new Error("useJobs outside JobsProvider");
  return c;
}

function JobWatcher({ followed, pollMs, onEnd }: { followed: Followed; pollMs: number; onEnd: (f: Followed, job: Job | undefined, err: unknown) => void }) {
  const api = useApi();
  const flash = useFlash();
  const id = followed.job.id;
  const q = useQuery({
    queryKey: ["exports", "detail", id],
    queryFn: () => api.exports.detail(id),
    // About once a second until the job ends (or cannot be read).
    refetchInterval: (query) => (query.state.error || (query.state.data && isJobEnded(query.state.data.status)) ? false : pollMs),
    retry: false,
    staleTime: 0,
  });
  const ended = useRef(false);
  const job = q.data;
  const progress = job && !isJobEnded(job.status) ? jobProgress(job) : undefined;
  useEffect(() => {
    if (progress) flash.update(followed.flashId, progress);
  }, [progress, flash, followed.flashId]);
  useEffect(() => {
    if (ended.current) return;
    if ((job && isJobEnded(job.status)) || q.error) {
      ended.current = true;
      onEnd(followed, job && isJobEnded(job.status) ? job : undefined, q.error);
    }
  }, [job, q.error, followed, onEnd]);
  return null;
}

function ReportBuilt({ job, report }: { job: Job; report: Report | undefined }) {
  const taskId = report?.taskId ?? job.params.taskId;
  return (
    <SpaceBetween size="xxs">
      <span>{report ? `Report ${report.fileName} (version ${report.version}) built.` : "The report was built again."}</span>
      {taskId && (
        <Box variant="span">
          <RouterLink href={`/reports?task_id=${encodeURIComponent(taskId)}`}>View the reports of this task</RouterLink>
        </Box>
      )}
    </SpaceBetween>
  );
}
