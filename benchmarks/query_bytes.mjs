// Count the bytes the search page fetches for one query, as a browser with an empty cache would.
// Usage: node query_bytes.mjs SITE_DIR BASE_URL ZOEKINDEX_JS '["term", ...]'
// For each term, in a fresh set of Pagefind instances: open every shard, load the filters (as
// the search page does), search, and load the first 20 results. Prints JSON per term:
// {term, results, bytes, requests, byKind: {...}} where bytes count response bodies as stored
// (Pagefind's files are already compressed) plus each shard's pagefind.js.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [siteDir, baseUrl, indexScript, termsJson] = process.argv.slice(2);
const terms = JSON.parse(termsJson);
const searchPage = path.join(siteDir, "zoeken", "index.html");
const shards = fs.existsSync(searchPage)
  ? (fs.readFileSync(searchPage, "utf8").match(/data-shards="([^"]*)"/)?.[1] ?? "").split(" ").filter(Boolean)
  : [];
const bundles = ["/pagefind/", ...shards].map((b) => new URL(b, baseUrl).href);

let counted = { bytes: 0, requests: 0, byKind: {} };
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, options) => {
  const response = await realFetch(url, options);
  const body = await response.arrayBuffer();
  const kind = String(url).match(/\.(pf_[a-z]+|json|pagefind)$/)?.[1] ?? "other";
  counted.bytes += body.byteLength;
  counted.requests += 1;
  counted.byKind[kind] = (counted.byKind[kind] || 0) + body.byteLength;
  return new Response(body, { status: response.status, headers: response.headers });
};

const out = [];
for (const [round, term] of terms.entries()) {
  counted = { bytes: 0, requests: 0, byKind: {} };
  const { openIndex } = await import(pathToFileURL(indexScript).href + `?round=${round}`);
  // A query string per round gives fresh module instances: nothing is cached between terms.
  const pagefind = await openIndex(bundles, "/", (bundle) =>
    pathToFileURL(path.join(siteDir, new URL(bundle).pathname, "pagefind.js")).href + `?round=${round}`);
  const scripts = bundles.length * fs.statSync(path.join(siteDir, "pagefind", "pagefind.js")).size;
  await pagefind.init();
  await pagefind.filters();
  const search = await pagefind.search(term, {});
  await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
  out.push({ term, results: search.results.length, bytes: counted.bytes + scripts, requests: counted.requests + bundles.length,
    byKind: { ...counted.byKind, "pagefind.js": scripts } });
  await pagefind.destroy?.();
}
process.stdout.write(JSON.stringify(out));
process.exit(0);
