// The network diagram goes straight to object storage: the API hands out a
// presigned PUT URL, and the browser sends the file there with the headers
// the API named (the signature covers them).

import type { Api } from "./api";
import { ApiError } from "./errors";
import type { DiagramContentType } from "./types";

export const DIAGRAM_TYPES: readonly DiagramContentType[] = ["image/png", "image/jpeg"];
/** The console's own limit; the API may answer 413 for less. */
export const MAX_DIAGRAM_BYTES = 10 * 1024 * 1024;

export function diagramProblem(file: { type: string; size: number }): string | undefined {
  if (!(DIAGRAM_TYPES as readonly string[]).includes(file.type)) return "Choose a PNG or JPEG image.";
  if (file.size === 0) return "The file is empty.";
  if (file.size > MAX_DIAGRAM_BYTES) return `The image is larger than ${MAX_DIAGRAM_BYTES / 1024 / 1024} MB.`;
  return undefined;
}

/** Uploads file and returns the key to put in projectMetadata.networkDiagramKey. */
export async function uploadDiagram(api: Api, file: File, fetchFn: typeof fetch = (i, init) => globalThis.fetch(i, init)): Promise<string> {
  const problem = diagramProblem(file);
  if (problem) throw new ApiError(400, "VALIDATION_ERROR", problem, { field: "networkDiagram", reason: problem });
  const grant = await api.tasks.diagramUpload({ contentType: file.type as DiagramContentType, size: file.size });
  let res: Response;
  try {
    res = await fetchFn(grant.uploadUrl, {
      method: "PUT",
      headers: { "Content-Type": file.type, ...grant.headers },
      body: file,
    });
  } catch (err) {
    throw new ApiError(0, "NETWORK", `The diagram could not be sent to storage (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (!res.ok) {
    throw new ApiError(res.status, "UPLOAD_FAILED", `Storage refused the diagram (${res.status}); try again.`);
  }
  return grant.key;
}
