// Query a real Pagefind index from Node, as the browser does.
// Usage: node query.mjs SITE_DIR BASE_URL '{"term": "...", "filters": {...}, "sort": {...}}'
// The term goes through the search page's own pagefindTerm() unless the request says "raw": true.
// Prints JSON: {count, results: [{url, title, meta, filters, excerpt}], filters, totalFilters}.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { pagefindTerm } from "../../templates/static/zoekterm.js";

const [siteDir, baseUrl, requestJson] = process.argv.slice(2);
const request = JSON.parse(requestJson);
// Open the main bundle and the shards the search page lists in data-shards, as the browser does.
const searchPage = fs.readFileSync(path.join(siteDir, "zoeken", "index.html"), "utf8");
const shards = (searchPage.match(/data-shards="([^"]*)"/)?.[1] ?? "").split(" ").filter(Boolean);
const { openIndex } = await import(pathToFileURL(path.join(siteDir, "static", "zoekindex.js")).href);
const bundles = ["pagefind/", ...shards.map((s) => s.replace(/^\//, ""))];
const pagefind = await openIndex(bundles.map((b) => new URL(b, baseUrl).href), "/",
  (bundle) => pathToFileURL(path.join(siteDir, new URL(bundle).pathname, "pagefind.js")).href);
await pagefind.init("nl");
const allFilters = await pagefind.filters(); // loads every filter chunk, as the search page does
const term = request.term == null || request.raw ? request.term ?? null : pagefindTerm(request.term);
const search = await pagefind.search(term, {
  filters: request.filters ?? {},
  sort: request.sort ?? undefined,
});
const results = await Promise.all(search.results.map((r) => r.data()));
process.stdout.write(JSON.stringify({
  count: search.results.length,
  unfiltered: search.unfilteredResultCount,
  results: results.map((d) => ({ url: d.url, title: d.meta.title, meta: d.meta, filters: d.filters, excerpt: d.excerpt })),
  filters: search.filters,
  totalFilters: search.totalFilters,
  allFilters,
}));
await pagefind.destroy?.();
process.exit(0);
