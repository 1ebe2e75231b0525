// Downloading a report: ask the API for a short-lived URL, then open it.

import { useApi } from "../app/services";
import { openDownload } from "../components/download";
import { useApiMutation } from "./useApiMutation";

export function useReportDownload() {
  const api = useApi();
  return useApiMutation({
    mutationFn: (id: string) => api.reports.download(id),
    errorHeader: "The report could not be downloaded",
    onSuccess: (d) => openDownload(d.url, d.fileName),
  });
}
