// What the search page itself costs, before any index or finder file: its HTML (with the shard
// list and the filter counts), the style sheet, and every script it loads (zoeken.js and the
// modules it imports). `sent` counts them as gzip sends them (static hosts compress text),
// `raw` as stored. Shared by query_bytes.mjs and finder_bytes.mjs.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

export const gzipped = (bytes) => zlib.gzipSync(bytes, { level: 6 }).length;

function scriptsOf(folder, name, seen = new Set()) {
  if (seen.has(name) || !fs.existsSync(path.join(folder, name))) return seen;
  seen.add(name);
  const text = fs.readFileSync(path.join(folder, name), "utf8");
  for (const [, imported] of text.matchAll(/^import [^;]*? from "\.\/([^"?]+)(?:\?[^"]*)?";/gm)) scriptsOf(folder, imported, seen);
  return seen;
}

export function searchPageBytes(siteDir) {
  const page = path.join(siteDir, "zoeken", "index.html");
  if (!fs.existsSync(page)) return { sent: 0, raw: 0, files: [] };
  const folder = path.join(siteDir, "static");
  const files = [page, path.join(folder, "style.css"), ...[...scriptsOf(folder, "zoeken.js")].map((n) => path.join(folder, n))];
  const bytes = files.map((file) => fs.readFileSync(file));
  return { sent: bytes.reduce((sum, b) => sum + gzipped(b), 0), raw: bytes.reduce((sum, b) => sum + b.length, 0),
    files: files.map((file) => path.relative(siteDir, file)) };
}
