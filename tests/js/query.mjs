// Query a real Pagefind index from Node, as the browser does.
// Usage: node query.mjs SITE_DIR BASE_URL '{"term": "...", "filters": {...}, "sort": {...}, "scope": {...}}'
// The term goes through the search page's own pagefindTerm() unless the request says "raw": true.
// "scope" takes planScope's options (years, oldestFirst, documents); without it every shard is
// searched, in the order the sort needs.
// Prints JSON: {count, results: [{url, title, meta, filters, excerpt, content, sub_results}], filters, totalFilters,
// allFilters (over the scope), pageFacets (the page's own counts), scope: {paths, text},
// fetchedFrom (the bundle folders anything was downloaded from, sorted), wasmDownloads}.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { pagefindTerm } from "../../adviesarchief/render/templates/static/zoekterm.js";

const [siteDir, baseUrl, requestJson] = process.argv.slice(2);
const request = JSON.parse(requestJson);
const fetched = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (url, options) => {
  fetched.push(new URL(url, baseUrl).pathname);
  return realFetch(url, options);
};
// Open every shard the search page lists, in the order a sorted search needs (see zoekindex.js).
const searchPage = fs.readFileSync(path.join(siteDir, "zoeken", "index.html"), "utf8");
const data = JSON.parse(searchPage.match(/<script type="application\/json" id="zoek-data">(.*?)<\/script>/s)[1]);
const shards = data.shards.map((shard) => ({ ...shard, url: new URL(shard.path, baseUrl).href }));
const { describeScope, openIndex, planScope } = await import(pathToFileURL(path.join(siteDir, "static", "zoekindex.js")).href);
const pagefind = await openIndex(pathToFileURL(path.join(siteDir, "pagefind", "pagefind.js")).href, "/",
  new URL("pagefind/", baseUrl).href, request.ranking === false ? null : data.ranking);
const scope = planScope(shards, request.scope ?? { oldestFirst: Object.values(request.sort ?? {}).includes("asc") });
const allFilters = await pagefind.filters(scope); // every filter chunk, as the search page loads them
const term = request.term == null || request.raw ? request.term ?? null : pagefindTerm(request.term);
const search = await pagefind.search(term, {
  filters: request.filters ?? {},
  sort: request.sort ?? undefined,
}, scope);
const results = await Promise.all(search.results.map((r) => r.data()));
process.stdout.write(JSON.stringify({
  count: search.results.length,
  unfiltered: search.unfilteredResultCount,
  results: results.map((d) => ({ url: d.url, title: d.meta.title, meta: d.meta, filters: d.filters, excerpt: d.excerpt,
    content: d.content, sub_results: d.sub_results.map((s) => ({ url: s.url, title: s.title })) })),
  filters: search.filters,
  totalFilters: search.totalFilters,
  allFilters,
  pageFacets: data.facets,
  scope: { paths: scope.shards.map((shard) => shard.path), text: describeScope(shards, scope) },
  // Folders, not file names: Pagefind's file names differ from build to build.
  fetchedFrom: [...new Set(fetched.map((p) => p.replace(/^\//, "").replace(/((index|filter|fragment)\/)?[^/]*$/, "")))].sort(),
  wasmDownloads: fetched.filter((p) => p.endsWith(".pagefind")).length,
}));
await pagefind.destroy?.();
process.exit(0);
