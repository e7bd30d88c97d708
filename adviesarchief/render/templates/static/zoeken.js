// Search page: Pagefind's JS API with the whole state (query, filters, sort, count, reach) in the URL.
import {
  cleanExcerpt, closestWord, framedExcerpt, isChanceHit, knownWords, matchedWords, pagefindTerm, queryWords, readQuery,
  splitQuery, splitWord, suggestQuery, typoPrefixes,
} from "./zoekterm.js";
import { describeScope, openIndex, planScope, reachOf } from "./zoekindex.js";
import { openFinder, recordsCsv } from "./zoeklijst.js";
import { drawPanel, forgetTyped, readPanel, yearsIn } from "./zoekfilters.js";

// The filters of derive/facets.py FILTERS: name, label, plural. The year is a range (van, tot).
const FILTERS = [
  ["gemeente", "Gemeente", "gemeenten"],
  ["onderwerp", "Onderwerp", "onderwerpen"],
  ["soort", "Soort document", "soorten"],
  ["jaar", "Jaar", "jaren"],
  ["uitkomst", "Uitkomst (bij reacties)", "uitkomsten"],
  ["status", "Status (advies en vragen)", "statussen"],
];
// What the number beside a value means: the whole archive (filters alone) or the word search.
const TOTALS = "Het getal achter een keuze is het aantal brieven in het hele archief.";
const FOUND = "Het getal achter een keuze is het aantal resultaten dat u ziet als u die keuze erbij zet.";
const PAGE_SIZE = 20;
const SORTS = { nieuw: { datum: "desc" }, oud: { datum: "asc" } };
// Distinct highlighted phrases carried to the document page as a URL text fragment.
const MAX_HIGHLIGHTS = 3;
const CONTEXT_WORDS = 3;
const NARROW = "(max-width: 40rem)"; // the layout's one-column breakpoint in style.css

const root = document.getElementById("zoeken");
const form = root.querySelector("form");
const input = document.getElementById("zoekterm");
const sortBox = document.getElementById("sortering");
const sortSelect = document.getElementById("sort");
const filtersBox = document.getElementById("filters");
const status = document.getElementById("zoek-status");
const list = document.getElementById("zoek-resultaten");
const more = document.getElementById("meer");
const listingsBox = document.getElementById("lijsten");
const widenBox = document.getElementById("verder");
const older = document.getElementById("ouder");
const allYears = document.getElementById("alle-jaren");
// The prebuilt listings per filter, from the build: {filter: {folder, slugs: {value: slug}, feed}}.
const LISTINGS = JSON.parse(document.getElementById("lijsten-data").textContent);
// From the build: the index shards (newest first), every filter value with its count over the
// whole archive, and how many documents a search covers before the reader widens it.
const DATA = JSON.parse(document.getElementById("zoek-data").textContent);
const SHARDS = DATA.shards.map((shard) => ({ ...shard, url: root.dataset.base + shard.path }));
const ALL = "alle"; // the reach that searches every year
// The finder lists letters by filters alone from small static files (see zoeklijst.js).
const FINDER_DATA = JSON.parse(document.getElementById("lijst-data").textContent);
const finder = openFinder(FINDER_DATA, DATA.facets, root.dataset.base);
const selectionBox = document.getElementById("selectie");
const queryNote = document.getElementById("zoek-uitleg-query");
const unknownNote = document.getElementById("zoek-onbekend");
const suggestion = document.getElementById("suggestie");
// A search that finds fewer than this tries the query's compounds as parts, then most of its words.
const FEW = 3;
const CHANCE_CHECK = 5; // results whose matched words are looked at to tell a find from chance hits
const TYPO_WORDS = 2; // unknown words of a query that found little looked up in the index for a spelling
const TYPO_RESULTS = 6; // results per lookup whose matched words are compared with the typed word
let wordList = null; // the archive's words (zoeken/woorden.json), loaded when a search finds little
const download = document.getElementById("download");
// A word search's CSV holds at most this many results: each costs its fragment (a few KB).
const CSV_MAX = 500;
const feedsBox = document.getElementById("volgen");

let pagefind = null; // the index, opened with the first search
let current = null; // the last search result set
let runId = 0;

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  // A value this archive does not have (a mistyped or old link) is left out, and the page says so.
  const unknown = [];
  for (const [key, label] of FILTERS) {
    if (key === "jaar") continue;
    const values = [...new Set(params.getAll(key).filter(Boolean))];
    const known = values.filter((value) => DATA.facets[key]?.[value] !== undefined);
    unknown.push(...values.filter((value) => !known.includes(value)).map((value) => `${label} "${value}"`));
    if (known.length) filters[key] = known;
  }
  // The year range; a link with single years (jaar=2020&jaar=2021) becomes the range they span.
  const listed = params.getAll("jaar").filter((y) => /^\d{4}$/.test(y)).sort();
  const years = {};
  for (const [end, value] of [["van", params.get("van") || listed[0]], ["tot", params.get("tot") || listed.at(-1)]]) {
    if (/^\d{4}$/.test(value || "")) years[end] = value;
  }
  const shown = parseInt(params.get("n") || "", 10);
  const reach = parseInt(params.get("bereik") || "", 10);
  return {
    q: (params.get("q") || "").trim(),
    unknown,
    filters: withYears(filters, years),
    years,
    sort: SORTS[params.get("sort")] ? params.get("sort") : "",
    n: Number.isFinite(shown) && shown > 0 ? Math.ceil(shown / PAGE_SIZE) * PAGE_SIZE : PAGE_SIZE,
    reach: params.get("bereik") === ALL ? ALL : Number.isFinite(reach) && reach > 0 ? Math.min(reach, 30) : 0,
  };
}

function withYears(filters, years) {
  // The year filter as the index and the finder take it: the years of the range.
  const { jaar, ...others } = filters;
  const chosen = yearsIn(years, DATA.facets.jaar || {});
  return chosen.length ? { ...others, jaar: chosen } : others;
}

function stateUrl(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [key] of FILTERS) {
    if (key !== "jaar") for (const value of state.filters[key] || []) params.append(key, value);
  }
  for (const end of ["van", "tot"]) if (state.years[end]) params.set(end, state.years[end]);
  if (state.sort) params.set("sort", state.sort);
  if (state.n > PAGE_SIZE) params.set("n", String(state.n));
  if (state.reach) params.set("bereik", String(state.reach));
  return location.pathname + (params.toString() ? "?" + params : "");
}

function writeState(state, push) {
  const url = stateUrl(state);
  if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
}

function stateFromForm(previous) {
  const { filters, years } = readPanel(filtersBox);
  return { q: input.value.trim(), filters: withYears(filters, years), years, sort: sortSelect.value,
    n: previous ? previous.n : PAGE_SIZE, reach: previous ? previous.reach : 0 };
}

function scopeOf(state) {
  // Each step further doubles the documents (and shards) searched; a year filter searches
  // exactly its years.
  const times = state.reach === ALL ? Infinity : 2 ** state.reach;
  return planScope(SHARDS, {
    years: state.filters.jaar || [],
    oldestFirst: state.sort === "oud",
    ...reachOf(DATA.first, new Set(queryWords(state.q)).size, times),
  });
}

function pagefindFilters(filters, except) {
  // Values within one filter combine with OR; different filters combine with AND.
  const out = {};
  for (const [key, values] of Object.entries(filters)) if (key !== except) out[key] = { any: values };
  return out;
}

function markedPhrases(excerpt) {
  // Pagefind marks the words it matched (stems included); adjacent marks form one phrase.
  // Each phrase keeps the words before it, which pin the highlight to the excerpt's spot.
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body.firstChild;
  const phrases = [];
  let phrase = null;
  let before = "";
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const word = node.textContent.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
      if (!word) continue;
      phrase = phrase === null ? { text: word, before } : { ...phrase, text: `${phrase.text} ${word}` };
    } else if (!/^\s*$/.test(node.textContent)) {
      if (phrase !== null) phrases.push(phrase);
      phrase = null;
      before = /\s$/.test(node.textContent)
        ? node.textContent.trim().split(/\s+/).slice(-CONTEXT_WORDS).join(" ") : "";
    }
  }
  if (phrase !== null) phrases.push(phrase);
  const seen = new Set();
  return phrases.filter((p) => !seen.has(p.text.toLowerCase()) && seen.add(p.text.toLowerCase()));
}

function highlightUrl(url, excerpt) {
  // A URL text fragment: the browser marks and scrolls to the words itself, without any script.
  // The first directive carries the words before the match so the page scrolls to the excerpt's
  // spot; plain directives follow, so the words are still marked if that context does not match.
  const phrases = markedPhrases(excerpt).slice(0, MAX_HIGHLIGHTS);
  if (!phrases.length) return url;
  const encode = (text) => encodeURIComponent(text).replace(/-/g, "%2D");
  const directives = phrases.map((p) => `text=${encode(p.text)}`);
  if (phrases[0].before) directives.unshift(`text=${encode(phrases[0].before)}-,${encode(phrases[0].text)}`);
  return `${url}#:~:${directives.join("&")}`;
}

function textOfExcerpt(excerpt) {
  // Rebuild Pagefind's excerpt from text and <mark> only, never as raw HTML.
  const fragment = document.createDocumentFragment();
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body.firstChild;
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      fragment.append(mark);
    } else {
      fragment.append(document.createTextNode(node.textContent));
    }
  }
  return fragment;
}

function formatDate(iso) {
  const months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december"];
  const [y, m, d] = (iso || "").split("-").map(Number);
  return y ? `${d} ${months[m - 1]} ${y}` : "";
}

function quoted(query) {
  // A query with its own quotes (a phrase) is shown as typed, not wrapped in more quotes.
  return query.includes('"') ? query : `"${query}"`;
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

function renderFilters(state, counts, searchedYears = null) {
  drawPanel(filtersBox, state, { filters: FILTERS, counts, allYears: DATA.facets.jaar || {},
    note: state.q ? FOUND : TOTALS, searchedYears });
}

function renderResult(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = highlightUrl(data.url, cleanExcerpt(data.excerpt || ""));
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "search-result__meta";
  meta.textContent = [data.meta.soort, data.meta.gemeente, formatDate(data.meta.datum)].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "search-result__excerpt";
  excerpt.append(textOfExcerpt(framedExcerpt(cleanExcerpt(data.excerpt || ""))));
  item.append(heading, meta, ...statusLine(data.meta.status, data.meta.staat), excerpt);
  return item;
}

function statusLine(text, state) {
  // Whether and how the letter was answered, as its list card says it.
  if (!text) return [];
  const line = document.createElement("p");
  line.className = `card-status card-status--${state || "none"}`;
  const icon = document.createElement("span");
  icon.className = "status__icon";
  icon.setAttribute("aria-hidden", "true");
  line.append(icon, text);
  return [line];
}

function renderRecord(record) {
  // A letter found by filters alone: its title, kind, place and date, as a word search shows it.
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = `${root.dataset.base}${FINDER_DATA.documents}${record.id}/`;
  link.textContent = record.title;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "search-result__meta";
  meta.textContent = [record.soort, record.gemeente, formatDate(record.datum)].filter(Boolean).join(" · ");
  item.append(heading, meta, ...statusLine(record.status, record.staat));
  return item;
}

function listing(key, value) {
  // The prebuilt listing page of a filter value, if it has one.
  const group = LISTINGS[key];
  const slug = group?.slugs[value];
  return slug === undefined ? null : `${group.folder}${slug}/`;
}

function renderListings(state) {
  // Without search words, point to the prebuilt listings: a search would fetch the whole index.
  const items = [];
  for (const [key, label] of FILTERS) {
    // A range of years is not one listing; a single year is.
    if (key === "jaar" && state.filters.jaar?.length > 1) continue;
    for (const value of state.filters[key] || []) {
      const found = listing(key, value);
      if (!found) continue;
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = root.dataset.base + found;
      link.textContent = `${label}: ${value}`;
      const count = document.createElement("span");
      count.className = "count";
      count.textContent = ` ${plural(DATA.facets[key]?.[value] ?? 0, "document", "documenten")}`;
      item.append(link, count);
      items.push(item);
    }
  }
  listingsBox.querySelector("ul").replaceChildren(...items);
  listingsBox.hidden = !items.length;
  return items.length;
}

function renderFeeds(state) {
  // The Atom feeds that follow the choices: one per chosen municipality, topic or type; the
  // whole archive's when none is chosen.
  const items = [];
  const add = (href, text) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = root.dataset.base + href;
    link.textContent = text;
    item.append(link);
    items.push(item);
  };
  for (const [key, label] of FILTERS) {
    for (const value of state.filters[key] || []) {
      const page = listing(key, value);
      if (page && LISTINGS[key].feed) add(page + LISTINGS[key].feed, `Volg ${label.toLowerCase()} ${value} (Atom-feed)`);
    }
  }
  if (!items.length) add(root.dataset.feed, "Volg alle nieuwe brieven (Atom-feed)");
  feedsBox.querySelector("ul").replaceChildren(...items);
  feedsBox.hidden = false;
}

async function facetCounts(state, search, scope) {
  // A filter's own choices must not shrink its counts (they combine with OR), so each filter
  // in use is counted over a search with only the other filters applied, in the same scope.
  const counts = { ...(search.filters || {}) };
  const used = Object.keys(state.filters);
  const others = await Promise.all(used.map((key) => pagefind.search(pagefindTerm(state.q), {
    filters: pagefindFilters(state.filters, key),
  }, scope)));
  used.forEach((key, i) => { counts[key] = others[i].filters?.[key] || {}; });
  return counts;
}

function say(text, scope = null) {
  // The live region reads as one sentence; the part about the years searched is set in plain weight.
  const where = scope ? describeScope(SHARDS, scope) : "";
  const part = document.createElement("span");
  part.className = "search-status__scope";
  part.textContent = where ? ` ${where}` : "";
  status.replaceChildren(text, ...(where ? [part] : []));
}

function showWiden(state, scope) {
  const partial = Boolean(state.q) && !scope.complete && !scope.byYear;
  // The buttons stay in place while searching, so a keyboard user keeps focus on the one used.
  if (!partial && widenBox.contains(document.activeElement)) (list.querySelector("a") || input).focus();
  widenBox.hidden = !partial;
  older.textContent = scope.oldestFirst ? "Zoek ook in nieuwere jaren" : "Zoek ook in oudere jaren";
}

async function show(state) {
  const id = ++runId;
  input.value = state.q;
  suggestion.hidden = true;
  suggestion.removeAttribute("aria-busy");
  sortSelect.value = state.sort;
  more.hidden = true;
  const scope = scopeOf(state);
  renderFeeds(state);
  unknownNote.hidden = !state.unknown?.length;
  unknownNote.textContent = state.unknown?.length
    ? `Deze keuze komt niet voor in dit archief en is weggelaten: ${state.unknown.join(", ")}.` : "";
  if (!state.q) {
    // Without search words the word index is not opened: the finder lists the letters of the
    // chosen filters, newest first; the filters show the whole archive's counts.
    list.replaceChildren();
    sortBox.hidden = true;
    widenBox.hidden = true;
    selectionBox.hidden = true;
    current = null;
    const hasFilters = Object.keys(state.filters).length > 0;
    renderFilters(state, DATA.facets);
    renderListings(hasFilters ? state : { filters: {} });
    if (!hasFilters) {
      status.textContent = "Typ een zoekwoord, of kies filters om de brieven te zien die daarbij horen.";
      return;
    }
    status.textContent = "Bezig met zoeken…";
    const numbers = await finder.find(state.filters);
    if (id !== runId) return;
    const records = await finder.records(numbers.slice(0, state.n));
    if (id !== runId) return;
    current = { numbers };
    list.replaceChildren(...records.map(renderRecord));
    more.hidden = numbers.length <= state.n;
    selectionBox.hidden = numbers.length === 0;
    download.textContent = "Download deze selectie (CSV)";
    status.textContent = numbers.length === 0
      ? "Geen documenten met deze filters."
      : `${plural(numbers.length, "document", "documenten")} met de gekozen filters, nieuwste eerst.`
        + (numbers.length > records.length ? ` U ziet de eerste ${records.length}.` : "");
    return;
  }
  listingsBox.hidden = true;
  selectionBox.hidden = true;
  list.replaceChildren();
  status.textContent = "Bezig met zoeken…";
  const asked = readQuery(state.q);
  queryNote.textContent = asked.note;
  queryNote.hidden = !asked.note;
  // The index opens with the first search, not with the page: an empty page downloads none of it.
  pagefind ??= await openIndex(root.dataset.pagefind + "pagefind.js", root.dataset.base, root.dataset.pagefind,
    DATA.ranking);
  const options = { filters: pagefindFilters(state.filters), sort: SORTS[state.sort] || undefined };
  const search = await pagefind.debouncedSearch(pagefindTerm(asked.term), options, scope, 150);
  if (search === null || id !== runId) return;
  const term = pagefindTerm(asked.term);
  const found = await realFind(search, term, options, scope);
  if (!found) search.results = [];
  if (id !== runId) return;
  const widened = search.results.length < FEW ? await widen(asked.term, search, options, scope, () => id !== runId) : null;
  if (id !== runId) return;
  if (widened) search.results = widened.results;
  // Nothing found but chance hits: no filter value has a letter either.
  const counts = found ? await facetCounts(state, search, scope) : {};
  if (id !== runId) return;
  current = search;
  // Results of most words (widen) lack a word by design: only a search of all words drops chance hits.
  current.chanceTerm = widened ? null : term;
  const datas = await shownData(current, 0, state.n);
  const total = search.results.length;
  if (id !== runId) return;
  renderFilters(state, counts, new Set(scope.shards.flatMap((shard) => shard.years)));
  sortBox.hidden = total === 0;
  selectionBox.hidden = total === 0;
  download.textContent = total > CSV_MAX ? `Download de eerste ${CSV_MAX} resultaten (CSV)`
    : "Download deze resultaten (CSV)";
  list.replaceChildren(...datas.map(renderResult));
  more.hidden = total <= state.n;
  const narrowed = Object.keys(state.filters).length ? " met de gekozen filters" : "";
  say(total === 0
    ? `Geen resultaten voor ${quoted(state.q)}${narrowed}.`
    : `${plural(total, "resultaat", "resultaten")} voor ${quoted(state.q)}${narrowed}.`
      + (widened?.note ? ` ${widened.note}` : "")
      + (total > datas.length ? ` U ziet de eerste ${datas.length}.` : ""), scope);
  if (widened?.suggestion) suggest(state, widened.suggestion);
  showWiden(state, scope);
  // The index's spelling of a word only letters' text has comes after the results are shown:
  // it takes a few searches more. Until it is settled, the suggestion is marked busy.
  if (widened?.fromIndex) {
    suggestion.setAttribute("aria-busy", "true");
    const corrected = await widened.fromIndex;
    if (id !== runId) return;
    if (corrected) suggest(state, corrected);
    suggestion.removeAttribute("aria-busy");
  }
}

function suggest(state, text) {
  const link = document.createElement("a");
  link.id = "suggestie-link";
  link.textContent = text;
  link.href = stateUrl({ ...state, q: text, n: PAGE_SIZE });
  suggestion.replaceChildren("Bedoelde u ", link, "?");
  suggestion.hidden = false;
}

async function realFind(search, term, options, scope) {
  // Whether a search found letters with its words, not chance hits (zoekterm.js isChanceHit):
  // judged by its best results, so a date-sorted search is asked again by relevance (its newest
  // results may all be chance hits beside older finds).
  // A shard without the word gives chance hits that may outrank the finds of the others: when
  // the first few are all chance, up to a page of results is looked at (as many as a page shows).
  if (!search.results.length) return true;
  const ranked = options.sort ? await pagefind.search(term, { filters: options.filters }, scope) : search;
  for (const [from, to] of [[0, CHANCE_CHECK], [CHANCE_CHECK, PAGE_SIZE]]) {
    const datas = await Promise.all(ranked.results.slice(from, to).map((r) => r.data()));
    if (datas.some((data) => !isChanceHit(data, term))) return true;
  }
  return false;
}

async function shownData(search, from, to) {
  // The data of results from..to, shown in this order; a chance hit among them (beside real
  // finds) is taken out of the results, and the next result takes its place.
  for (;;) {
    const slice = search.results.slice(from, to);
    const datas = await Promise.all(slice.map((r) => r.data()));
    const chance = search.chanceTerm ? new Set(slice.filter((r, i) => isChanceHit(datas[i], search.chanceTerm))) : null;
    if (!chance?.size) return datas;
    search.results = search.results.filter((r) => !chance.has(r));
  }
}

async function widen(term, search, options, scope, stale) {
  // A search that finds little: add what the query's compounds as parts find ("kinderarmoede":
  // "kinderen armoede"); then, with several words, letters with most of them; with nothing
  // found, a spelling suggestion from the archive's own words.
  wordList ??= await fetch(root.dataset.words).then((r) => r.json()).catch(() => null);
  if (!wordList) return null;
  let results = [...search.results];
  const add = (more) => {
    const seen = new Set(results.map((r) => r.id));
    results.push(...more.filter((r) => !seen.has(r.id)));
  };
  const parts = splitQuery(term, wordList);
  if (parts) {
    const found = await pagefind.search(pagefindTerm(parts), options, scope);
    if (await realFind(found, pagefindTerm(parts), options, scope)) add(found.results);
  }
  let note = "";
  const words = queryWords(parts || term);
  const each = words.length > 1 && !term.includes('"')
    ? await Promise.all(words.map(async (w) => {
      const found = await pagefind.search(pagefindTerm(w), options, scope);
      return (await realFind(found, pagefindTerm(w), options, scope)) ? found : { ...found, results: [] };
    })) : [];
  // Pagefind leaves out a word no letter has: say so, rather than seem to have found it.
  const missing = words.filter((w, i) => each.length && !each[i].results.length);
  if (!results.length && missing.length && missing.length < words.length) {
    // The letters with all the other words (Pagefind, left alone, would match the missing word
    // by chance or drop it without a word).
    const rest = pagefindTerm(words.filter((w) => !missing.includes(w)).join(" "));
    const found = await pagefind.search(rest, options, scope);
    if (await realFind(found, rest, options, scope)) results = [...found.results];
  }
  if (results.length && missing.length) {
    // Named as typed: a compound for a part of it that no letter has ("mantelzorg", not "mantel").
    const typed = (w) => queryWords(term).find((t) => t === w || splitWord(t, wordList).includes(w)) ?? w;
    const named = [...new Set(missing.map(typed))];
    note = `Geen brief bevat ${named.map((w) => `"${w}"`).join(" of ")}; u ziet brieven met de andere woorden.`;
  } else if (!results.length && each.length) {
    // Each word on its own; letters with the most of them first, in the order Pagefind ranks them.
    const score = new Map();
    for (const found of each) for (const r of found.results) score.set(r.id, [(score.get(r.id)?.[0] || 0) + 1, r]);
    const best = Math.max(0, ...[...score.values()].map(([n]) => n));
    results = [...score.values()].filter(([n]) => n === best && n > 0).map(([, r]) => r);
    if (results.length) note = `Geen brieven met al deze woorden; u ziet brieven met ${best} van de ${words.length}.`;
  }
  // Shown beside few results too: they may be chance hits, or letters with a word that only
  // starts like the one typed. A word the word list does not know may still be in the letters'
  // text: then the index is asked for it, a word no letter has first. A word the results
  // already matched is no typo.
  const listed = suggestQuery(term, wordList) ?? term;
  const matched = matchedWords(await Promise.all(search.results.slice(0, CHANCE_CHECK).map((r) => r.data())));
  const known = knownWords(wordList);
  const unknown = queryWords(listed).filter((w) => !Object.hasOwn(known, w) && !matched.has(w) && typoPrefixes(w).length);
  const lookup = [...unknown.filter((w) => missing.includes(w)), ...unknown.filter((w) => !missing.includes(w))];
  const fromIndex = lookup.length ? suggestFromIndex(listed, lookup.slice(0, TYPO_WORDS), options, scope, stale) : null;
  return { results, note, suggestion: listed !== term ? listed : null, fromIndex };
}

async function suggestFromIndex(term, unfound, options, scope, stale) {
  // A typo of a word only the letters' text has: the words the index matches for the typed
  // word's first letters (in the first results, whose text the page then loads: a few kB each),
  // and of those the closest to it. The words are looked up side by side; a search the reader
  // has replaced stops looking.
  const found = await Promise.all(unfound.map(async (word) => {
    for (const prefix of typoPrefixes(word)) {
      if (stale()) return null;
      const answer = await pagefind.search(prefix, { filters: options.filters }, scope);
      const datas = await Promise.all(answer.results.slice(0, TYPO_RESULTS).map((r) => r.data()));
      const best = closestWord(word.toLowerCase(), matchedWords(datas));
      // The closest word is the typed one when the index has it: then it is no typo.
      if (best !== null) return best === word.toLowerCase() ? null : best;
    }
    return null;
  }));
  let out = term;
  unfound.forEach((word, i) => {
    if (found[i]) out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}-])${word}(?![\\p{L}\\p{N}-])`, "iu"), found[i]);
  });
  return out === term ? null : out;
}

async function resultRecords(search, documents) {
  // A word search's results as the finder's records, in their order (their fragments say it all).
  const all = await Promise.all(search.results.slice(0, CSV_MAX).map((r) => r.data()));
  const datas = search.chanceTerm ? all.filter((d) => !isChanceHit(d, search.chanceTerm)) : all;
  return datas.map((d) => ({ id: new URL(d.url, location.href).href.slice(documents.length).replace(/\/.*$/, ""),
    title: d.meta.title, soort: d.meta.soort, gemeente: d.meta.gemeente, datum: d.meta.datum, status: d.meta.status }));
}

function fail(error) {
  status.textContent = "Zoeken werkt op dit moment niet. Probeer het later opnieuw.";
  console.error(error);
}

async function start() {
  // On a phone the filters start folded, so the results are not pushed below a long list.
  if (window.matchMedia(NARROW).matches) filtersBox.open = false;
  let state = readState();
  await show(state);
  const update = (changes, push = true) => {
    state = { ...stateFromForm(state), n: PAGE_SIZE, ...changes };
    writeState(state, push);
    return show(state).catch(fail);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update({}, true);
  });
  // A box or a year was chosen (typing in a list's find box changes nothing yet).
  filtersBox.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox], select")) update({});
  });
  filtersBox.addEventListener("click", (event) => {
    if (event.target.id === "naar-resultaten") {
      filtersBox.open = false;
      status.focus();
      return;
    }
    if (event.target.id !== "wis-filters") return;
    forgetTyped();
    update({ filters: {}, years: {} }).then(() => filtersBox.querySelector("summary").focus());
  });
  sortSelect.addEventListener("change", () => update({}));
  older.addEventListener("click", () => update({ reach: state.reach === ALL ? ALL : state.reach + 1 }));
  allYears.addEventListener("click", () => update({ reach: ALL }));
  download.addEventListener("click", async () => {
    if (!current) return;
    const documents = new URL(root.dataset.base + FINDER_DATA.documents, location.href).href;
    const csv = recordsCsv(current.numbers ? await finder.records(current.numbers) : await resultRecords(current, documents),
      documents);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    link.download = "selectie.csv";
    link.click();
    URL.revokeObjectURL(link.href);
  });
  more.addEventListener("click", async () => {
    const first = state.n;
    state = { ...state, n: state.n + PAGE_SIZE };
    writeState(state, false);
    if (current?.numbers) {
      const records = await finder.records(current.numbers.slice(first, state.n));
      list.append(...records.map(renderRecord));
      more.hidden = current.numbers.length <= state.n;
      status.textContent = `${plural(current.numbers.length, "document", "documenten")} met de gekozen filters,`
        + ` nieuwste eerst. U ziet er nu ${list.children.length}.`;
      list.children[first]?.querySelector("a")?.focus();
      return;
    }
    const datas = await shownData(current, first, state.n);
    list.append(...datas.map(renderResult));
    more.hidden = current.results.length <= state.n;
    const total = current.results.length;
    say(`${plural(total, "resultaat", "resultaten")} voor ${quoted(state.q)}. U ziet er nu ${list.children.length}.`,
      scopeOf(state));
    list.children[first]?.querySelector("a")?.focus();
  });
  window.addEventListener("popstate", () => {
    state = readState();
    show(state).catch(fail);
  });
}

start().catch(fail);
