// Checks the console's API client against the backend: fetches
// $CLOUDCENSUS_URL/api/openapi.json and fails unless every route in
// src/api/routes.ts exists there with its method. Run by `npm run e2e`
// first, and on its own as `npm run check:api`.

import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ENTRY = /^\s*(\w+): \{ method: "(GET|POST)", path: "(\/api\/[^"]*)"/;

/** The routes of routes.ts, read as text (see the format rule at its top). */
export async function clientRoutes(file = join(here, "..", "src", "api", "routes.ts")) {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .map((line) => ENTRY.exec(line))
    .filter(Boolean)
    .map(([, name, method, path]) => ({ name, method, path }));
}

/** The routes the client uses that the OpenAPI document lacks. */
export function missingRoutes(routes, openapi) {
  const paths = openapi?.paths ?? {};
  return routes.filter((r) => !paths[r.path]?.[r.method.toLowerCase()]);
}

async function main() {
  const base = process.env.CLOUDCENSUS_URL;
  if (!base) {
    console.error("check:api: set CLOUDCENSUS_URL to the running stack, e.g. http://127.0.0.1:8080");
    process.exit(2);
  }
  const url = `${base.replace(/\/+$/, "")}/api/openapi.json`;
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  if (!res.ok) {
    console.error(`check:api: GET ${url} answered ${res.status}`);
    process.exit(1);
  }
  const doc = await res.json();
  const routes = await clientRoutes();
  const missing = missingRoutes(routes, doc);
  for (const r of missing) console.error(`missing: ${r.method} ${r.path} (client route "${r.name}")`);
  console.log(`check:api: ${routes.length - missing.length} of ${routes.length} client routes found in ${url}`);
  process.exit(missing.length ? 1 : 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
