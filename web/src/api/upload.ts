// Files go straight to object storage: the API hands out a presigned PUT
// URL, and the browser sends the file there with the headers the API named
// (the signature covers them). Network diagrams and report templates go
// this way.

import type { Api } from "./api";
import { ApiError } from "./errors";
import type { DiagramContentType, UploadGrant } from "./types";

export const DIAGRAM_TYPES: readonly DiagramContentType[] = ["image/png", "image/jpeg"];
/** The console's own limit; the API may answer 413 for less. */
export const MAX_DIAGRAM_BYTES = 10 * 1024 * 1024;

/** The content type a template is PUT with (the presigned URL is signed for it). */
export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/** The API's limit on a template's .docx. */
export const MAX_TEMPLATE_BYTES = 10 * 1024 * 1024;

type FetchFn = typeof fetch;
const browserFetch: FetchFn = (i, init) => globalThis.fetch(i, init);

export function diagramProblem(file: { type: string; size: number }): string | undefined {
  if (!(DIAGRAM_TYPES as readonly string[]).includes(file.type)) return "Choose a PNG or JPEG image.";
  if (file.size === 0) return "The file is empty.";
  if (file.size > MAX_DIAGRAM_BYTES) return `The image is larger than ${MAX_DIAGRAM_BYTES / 1024 / 1024} MB.`;
  return undefined;
}

/** What is plainly wrong with a template file before it is sent; the API checks its content. */
export function templateProblem(file: { name: string; size: number }): string | undefined {
  if (!/\.docx$/i.test(file.name)) return "Choose a Word document (.docx).";
  if (file.size === 0) return "The file is empty.";
  if (file.size > MAX_TEMPLATE_BYTES) return `The document is larger than ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB.`;
  return undefined;
}

/** PUTs file to the grant's URL with its headers; what names the file in errors ("diagram", "template"). */
async function put(grant: UploadGrant, file: Blob, contentType: string, what: string, fetchFn: FetchFn): Promise<string> {
  let res: Response;
  try {
    res = await fetchFn(grant.uploadUrl, {
      method: "PUT",
      headers: { "Content-Type": contentType, ...grant.headers },
      body: file,
    });
  } catch (err) {
    throw new ApiError(0, "NETWORK", `The ${what} could not be sent to storage (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (!res.ok) {
    throw new ApiError(res.status, "UPLOAD_FAILED", `Storage refused the ${what} (${res.status}); try again.`);
  }
  return grant.key;
}

/** Uploads file and returns the key to put in projectMetadata.networkDiagramKey. */
export async function uploadDiagram(api: Api, file: File, fetchFn: FetchFn = browserFetch): Promise<string> {
  const problem = diagramProblem(file);
  if (problem) throw new ApiError(400, "VALIDATION_ERROR", problem, { field: "networkDiagram", reason: problem });
  const grant = await api.tasks.diagramUpload({ contentType: file.type as DiagramContentType, size: file.size });
  return put(grant, file, file.type, "diagram", fetchFn);
}

/** Uploads a template's .docx and returns the key to create the template from. */
export async function uploadTemplate(api: Api, file: File, fetchFn: FetchFn = browserFetch): Promise<string> {
  const problem = templateProblem(file);
  if (problem) throw new ApiError(400, "VALIDATION_ERROR", problem, { field: "uploadKey", reason: problem });
  const grant = await api.templates.upload(file.size);
  return put(grant, file, DOCX_TYPE, "template", fetchFn);
}
