// Reports the production bundle's size, gzipped: what the first page load
// fetches (index.html's scripts, styles and their static imports) and the
// whole of dist/assets. Run after `npm run build`.

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = new URL("../dist/", import.meta.url).pathname;
const gz = async (f) => gzipSync(await readFile(join(dist, f)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const html = await readFile(join(dist, "index.html"), "utf8");
const initial = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]));
// Static imports of the entry are fetched at once too (modulepreload).
for (const f of [...initial].filter((f) => f.endsWith(".js"))) {
  const text = await readFile(join(dist, f), "utf8");
  for (const m of text.matchAll(/(?:^|[;}\n])\s*import\s*[^()"']*?["']\.\/([^"']+\.js)["']/g)) initial.add(`assets/${m[1]}`);
}

const all = (await readdir(join(dist, "assets"))).map((f) => `assets/${f}`);
const sum = async (files) => (await Promise.all(files.map(gz))).reduce((a, b) => a + b, 0);
const code = all.filter((f) => /\.(js|css)$/.test(f));

const js = (fs) => fs.filter((f) => f.endsWith(".js"));
const css = (fs) => fs.filter((f) => f.endsWith(".css"));
const line = async (label, fs) =>
  console.log(`${label}: ${kb(await sum(fs))} gzip (JS ${kb(await sum(js(fs)))}, CSS ${kb(await sum(css(fs)))}) in ${fs.length} files`);
await line("initial (sign-in page)", [...initial]);
await line("total                 ", code);
console.log("(the initial CSS carries the Open Sans fonts that @cloudscape-design/global-styles inlines as base64)");
