// Count the bytes the search page fetches for one query, as a browser with an empty cache would.
// Usage: node query_bytes.mjs SITE_DIR BASE_URL ZOEKINDEX_JS '["term", ...]' [all]
// For each term, in fresh Pagefind instances, do what the search page does by default: open the
// first scope (the newest shards up to the page's first number of documents or shards, shared
// out between the query's words: zoekindex.js reachOf; a site
// without our search page, like the peer's, is one bundle), load its filter chunks for the counts, search,
// and load the first 20 results; with `all`, search every year instead (as "Zoek in alle jaren").
// Prints JSON per term:
// {term, results, shards, documents, bytes, uncompressed, requests, byKind: {...}} where bytes
// count Pagefind's files as stored (they are compressed already), plus pagefind.js and the
// Pagefind worker once (a browser loads both; Node runs without the worker), plus the search page
// itself (page_bytes.mjs: its HTML with the shard list and filter counts, its style sheet and
// scripts). HTML, CSS and JavaScript count as gzip sends them (static hosts compress text);
// `uncompressed` counts them as stored.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipped, searchPageBytes } from "./page_bytes.mjs";

const [siteDir, baseUrl, indexScript, termsJson, everyYear] = process.argv.slice(2);
// The page's own rules: how far the first search reaches for a query of so many words.
const { queryWords } = await import(pathToFileURL(path.join(path.dirname(indexScript), "zoekterm.js")).href);
const terms = JSON.parse(termsJson);
const searchPage = path.join(siteDir, "zoeken", "index.html");
const html = fs.existsSync(searchPage) ? fs.readFileSync(searchPage, "utf8") : "";
const data = html.match(/<script type="application\/json" id="zoek-data">(.*?)<\/script>/s);
const { first, shards: listed } = data ? JSON.parse(data[1])
  : { first: {}, shards: [{ path: "pagefind/", documents: 0, years: [], first: "", last: "" }] };
const shards = listed.map((shard) => ({ ...shard, url: new URL(shard.path, baseUrl).href }));
const text = (files) => {
  const found = files.filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file));
  return { raw: found.reduce((sum, b) => sum + b.length, 0), sent: found.reduce((sum, b) => sum + gzipped(b), 0) };
};
const scripts = text(["pagefind.js", "pagefind-worker.js"].map((name) => path.join(siteDir, "pagefind", name)));
const page = data ? searchPageBytes(siteDir) : { raw: 0, sent: 0, files: [] };

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
  // A query string per round gives fresh module instances: nothing is cached between terms.
  const { openIndex, planScope, reachOf } = await import(pathToFileURL(indexScript).href + `?round=${round}`);
  const index = await openIndex(pathToFileURL(path.join(siteDir, "pagefind", "pagefind.js")).href + `?round=${round}`,
    "/", shards[0].url);
  const scope = planScope(shards, everyYear === "all" ? {} : reachOf(first, new Set(queryWords(term)).size));
  const search = await index.search(term, {}, scope);
  await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
  const requests = counted.requests + 2 + page.files.length;
  out.push({ term, results: search.results.length, shards: scope.shards.length,
    documents: scope.shards.reduce((sum, shard) => sum + shard.documents, 0),
    bytes: counted.bytes + scripts.sent + page.sent, uncompressed: counted.bytes + scripts.raw + page.raw, requests,
    byKind: { ...counted.byKind, "pagefind.js + worker": scripts.sent, ...(page.raw ? { "search page": page.sent } : {}) } });
  await index.destroy();
}
process.stdout.write(JSON.stringify(out));
process.exit(0);
