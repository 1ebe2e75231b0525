// The mock API as a Vite dev-server middleware (vite --mode mock): serves
// /api/* from routes.ts over in-memory state, and /mock-s3/* as the object
// store the presigned URLs point at. Admin credentials come from
// CLOUDCENSUS_ADMIN_USERNAME / CLOUDCENSUS_ADMIN_PASSWORD (default
// admin / Admin123!), the same variables the e2e suite reads.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Connect, Plugin } from "vite";
import { newId, seed, type State } from "./data.ts";
import { authorize, HttpError, ROUTES, type Ctx, type Result } from "./routes.ts";
import { docx } from "./zip.ts";

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, requestId: string, r: Result): void {
  res.setHeader("X-Request-Id", requestId);
  if (r.file) {
    res.statusCode = 200;
    res.setHeader("Content-Type", r.file.type);
    res.setHeader("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(r.file.name)}`);
    res.end(r.file.data);
    return;
  }
  res.statusCode = r.status ?? 200;
  if (r.body === undefined) {
    res.end();
    return;
  }
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(r.body));
}

export function createMockHandler(state: State): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = new URL(req.url ?? "/", "http://mock");
    if (url.pathname.startsWith("/mock-s3/")) {
      void objectStore(state, req, res, url);
      return;
    }
    if (!url.pathname.startsWith("/api/")) return next();
    void (async () => {
      const requestId = newId();
      try {
        const route = ROUTES.find((r) => r.path === url.pathname && r.method === req.method);
        if (!route) {
          const known = ROUTES.some((r) => r.path === url.pathname);
          throw new HttpError(known ? 405 : 404, known ? "METHOD_NOT_ALLOWED" : "NOT_FOUND", `No route ${req.method} ${url.pathname}`);
        }
        const raw = req.method === "POST" ? await readBody(req) : Buffer.alloc(0);
        let body: Record<string, unknown> = {};
        if (raw.length > 0) {
          try {
            body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
          } catch {
            throw new HttpError(400, "VALIDATION_ERROR", "The body is not JSON.", { field: "body", reason: "invalid JSON" });
          }
        }
        const host = req.headers.host ?? "127.0.0.1";
        const c: Ctx = {
          state, user: undefined, query: url.searchParams, body, headers: req.headers,
          ip: req.socket.remoteAddress ?? "", ua: String(req.headers["user-agent"] ?? ""), origin: `http://${host}`,
        };
        const auth = req.headers.authorization;
        authorize(c, route, auth?.startsWith("Bearer ") ? auth.slice(7) : undefined);
        send(res, requestId, route.handler(c));
      } catch (err) {
        const e = err instanceof HttpError ? err : new HttpError(500, "INTERNAL", "Internal error.", { requestId });
        if (!(err instanceof HttpError)) console.error("mock api:", err);
        send(res, requestId, { status: e.status, body: { error: { code: e.code, message: e.message, details: e.details } } });
      }
    })();
  };
}

async function objectStore(state: State, req: IncomingMessage, res: ServerResponse, url: URL) {
  const key = decodeURIComponent(url.pathname.slice("/mock-s3/".length));
  if (req.method === "PUT" && key.startsWith("uploads/")) {
    const data = await readBody(req);
    if (!url.searchParams.get("sig")) {
      res.statusCode = 403;
      res.end("missing signature");
      return;
    }
    state.uploads.add(key);
    res.statusCode = 200;
    res.setHeader("ETag", `"${data.length}"`);
    res.end();
    return;
  }
  const m = /^reports\/([^/]+)\/(.+)$/.exec(key);
  const report = m ? state.reports.find((r) => r.id === m[1]) : undefined;
  if (req.method === "GET" && report) {
    const task = state.tasks.find((t) => t.id === report.taskId);
    const file = docx(`CloudCensus implementation document: ${report.taskName}`, [
      `Client: ${task?.projectMetadata.clientName ?? "-"}`,
      `Project: ${task?.projectMetadata.projectName ?? "-"}`,
      `Version ${report.version}`,
    ]);
    report.fileSize = file.length;
    res.statusCode = 200;
    res.setHeader("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    res.setHeader("Content-Disposition", `attachment; filename="${report.fileName}"`);
    res.end(file);
    return;
  }
  res.statusCode = 404;
  res.end("no such object");
}

export function mockApiPlugin(): Plugin {
  const state = seed(process.env.CLOUDCENSUS_ADMIN_USERNAME ?? "admin", process.env.CLOUDCENSUS_ADMIN_PASSWORD ?? "Admin123!");
  const handler = createMockHandler(state);
  return {
    name: "cloudcensus-mock-api",
    configureServer(server) {
      server.middlewares.use(handler);
    },
    configurePreviewServer(server) {
      server.middlewares.use(handler);
    },
  };
}
