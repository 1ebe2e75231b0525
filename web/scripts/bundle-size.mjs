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
const fonts = all.filter((f) => /\.(woff2?|ttf)$/.test(f));

console.log(`initial (entry JS + CSS): ${kb(await sum([...initial]))} gzip in ${initial.size} files`);
console.log(`total JS + CSS:           ${kb(await sum(code))} gzip in ${code.length} files`);
console.log(`fonts (already compressed): ${kb((await Promise.all(fonts.map(async (f) => (await readFile(join(dist, f))).length))).reduce((a, b) => a + b, 0))} in ${fonts.length} files`);
