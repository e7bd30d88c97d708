// Count the bytes the search page fetches when it opens empty, and for lists by filters alone.
// Usage: node finder_bytes.mjs SITE_DIR ['{"gemeente": ["..."], "jaar": ["2024", ...]}', ...]
// With no selections given, it chooses three from the page's own filter counts (see choose()).
// Each list is what the page does for filters without words (zoeklijst.js, run here as is): one
// file per chosen value and the record chunks of the first 20 letters, with an empty cache.
// Prints JSON {page: {bytes, uncompressed, files}, lists: [{selection, results, first (the ids of the
// first 20), bytes, uncompressed, requests, byKind}]}: every file as gzip sends it (static hosts
// compress text), and as stored.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipped as sent, searchPageBytes } from "./page_bytes.mjs";

const [siteDir, ...given] = process.argv.slice(2);
const STATIC = path.join(siteDir, "static");
const html = fs.readFileSync(path.join(siteDir, "zoeken", "index.html"), "utf8");
const json = (id) => JSON.parse(html.match(new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, "s"))[1]);
const data = json("zoek-data");
const finderData = json("lijst-data");

// The empty page: no index, no finder file.
const pageCost = searchPageBytes(siteDir);
const page = { bytes: pageCost.sent, uncompressed: pageCost.raw, files: pageCost.files };

// Three lists a journalist makes: the letters of one smaller municipality (they lie far apart, so
// the first 20 need many record chunks), the example (two topics, advices, five years),
// and every advice still waiting (the largest value files).
function choose() {
  const f = data.facets;
  const byCount = (values) => Object.entries(values || {}).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  const small = byCount(f.gemeente).find(([, n]) => n >= 20) ?? byCount(f.gemeente).at(-1);
  const topics = ["Armoede en minima", "Schuldhulpverlening"].filter((t) => f.onderwerp?.[t]);
  const years = Object.keys(f.jaar || {}).sort().slice(-5);
  const biggestType = byCount(f.soort).at(-1)?.[0];
  return [
    { gemeente: [small[0]] },
    { onderwerp: topics.length ? topics : byCount(f.onderwerp).slice(-2).map(([t]) => t),
      soort: f.soort?.["Advies van de adviesraad"] ? ["Advies van de adviesraad"] : [biggestType], jaar: years },
    { status: ["Nog geen reactie"], soort: [biggestType] },
  ];
}
const selections = given.length ? given.map((s) => JSON.parse(s)) : choose();

const { openFinder } = await import(pathToFileURL(path.join(STATIC, "zoeklijst.js")).href);
const lists = [];
for (const selection of selections) {
  const counted = { bytes: 0, uncompressed: 0, requests: 0, byKind: {} };
  const load = async (url) => {
    const bytes = fs.readFileSync(path.join(siteDir, url));
    const kind = /brieven-/.test(url) ? "records" : "value lists";
    counted.bytes += sent(bytes);
    counted.uncompressed += bytes.length;
    counted.requests += 1;
    counted.byKind[kind] = (counted.byKind[kind] || 0) + sent(bytes);
    return JSON.parse(bytes.toString("utf8"));
  };
  const finder = openFinder(finderData, data.facets, "", load);
  const numbers = await finder.find(selection);
  const shown = await finder.records(numbers.slice(0, 20));
  lists.push({ selection, results: numbers.length, first: shown.map((r) => r.id), bytes: counted.bytes + page.bytes,
    uncompressed: counted.uncompressed + page.uncompressed, requests: counted.requests + page.files.length,
    byKind: { ...counted.byKind, "search page": page.bytes } });
}
process.stdout.write(JSON.stringify({ page, lists }));
