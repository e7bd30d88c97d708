// Open the search index a few shards at a time and search a chosen part of it: a scope.
//
// A large archive's index is cut into shards by date (adviesarchief/search.py). The search page
// gets their list, newest first, with each shard's bundle, years and number of documents.
// Opening every shard for every query costs megabytes at 100,000 documents, so a search covers
// a scope: the shards of the chosen years, or else the newest shards (for "oldest first" the
// oldest) up to a number of documents or of shards, both doubled by each "search further" step.
//
// A scope is one Pagefind instance: one shard is the primary and the others are merged into it
// with mergeIndex, so pagefind.js, its worker and the WebAssembly load once, not once per shard.
// Merged results come ordered by score, which is right for relevance. A sorted search scores a
// result by its place within its own shard, so merged lists would interleave the shards: each
// shard carries a filter with its own path (mergeFilter), which counts the results per shard and
// fetches one shard's sorted results. Shards never overlap in dates, so the sorted list is the
// shards' lists one after another, and only the shards whose results are shown are searched.

const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
  "september", "oktober", "november", "december"];

function dayText(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

function yearsText(years) {
  if (years.length === 1) return `in ${years[0]}`;
  if (years.length === 2) return `in ${years[0]} en ${years[1]}`;
  return `van ${years[0]} tot en met ${years.at(-1)}`;
}

// How far a search reaches without a year filter: the page's first scope (DATA.first: documents
// and shards), doubled by each "search further" step (`times`), shared out between the query's
// words. Pagefind fetches, for every word and in every shard it searches, the word-index chunk
// that holds the word: some 26 KB however small the shard, and more when the word shares its
// chunk with a word found everywhere ("eigen" shares one with "en"). So a query of two words
// first searches half the documents and shards one word would, and downloads about as much.
export function reachOf(first, words, times = 1) {
  const share = Math.max(1, words);
  return { documents: (first.documents * times) / share, most: Math.max(1, Math.floor((first.shards * times) / share)) };
}

// shards: newest first, each {url, years, documents, first, last}. years: a year filter's years
// (the scope is all their shards); otherwise shards are added while the scope stays within
// `documents` documents and `most` shards (the first shard whatever its size).
export function planScope(shards, { years = [], oldestFirst = false, documents = Infinity, most = Infinity } = {}) {
  const ordered = oldestFirst ? [...shards].reverse() : [...shards];
  let chosen;
  if (years.length) {
    const wanted = new Set(years.map(Number));
    chosen = ordered.filter((shard) => shard.years.some((year) => wanted.has(year)));
  } else {
    chosen = [];
    let count = 0;
    // The newest shard always; a further one only while the scope stays within `documents`
    // (at 100,000 letters a shard holds some 1,300, and two of them cost a word query 60 KB more).
    for (const shard of ordered) {
      if (chosen.length && (count + shard.documents > documents || chosen.length >= most)) break;
      chosen.push(shard);
      count += shard.documents;
    }
  }
  return { shards: chosen, oldestFirst, byYear: years.length > 0, complete: chosen.length === shards.length };
}

// Which part of the archive a scope searched, in plain words; "" when that is all of it or the
// year filter already says it.
export function describeScope(shards, scope) {
  if (scope.complete || scope.byYear || !scope.shards.length) return "";
  const open = new Set(scope.shards);
  const years = [...new Set(scope.shards.flatMap((shard) => shard.years))].sort((a, b) => a - b);
  // A scope runs from one end of the archive, so only its far year can be searched in part.
  const edge = scope.oldestFirst ? years.at(-1) : years[0];
  const edgeShards = scope.shards.filter((shard) => shard.years.includes(edge));
  const whole = shards.every((shard) => open.has(shard) || !shard.years.includes(edge));
  let where;
  if (whole) where = `Gezocht ${yearsText(years)}.`;
  else if (scope.oldestFirst) where = `Gezocht in documenten tot en met ${dayText(edgeShards.map((s) => s.last).sort().at(-1))}.`;
  else where = `Gezocht in documenten vanaf ${dayText(edgeShards.map((s) => s.first).sort()[0])}.`;
  return `${where} ${scope.oldestFirst ? "Nieuwere" : "Oudere"} documenten zijn nog niet doorzocht.`;
}

const EMPTY = { results: [], unfilteredResultCount: 0, filters: {}, totalFilters: {} };
// The filter each shard carries with its path (see above); the page never shows it.
const SHARD = "deel";

class ArchiveIndex {
  constructor(pagefind, baseUrl, mainUrl, ranking) {
    this.pagefind = pagefind;
    this.baseUrl = baseUrl;
    this.mainUrl = mainUrl;
    this.ranking = ranking; // Pagefind's ranking options, for every shard (derive/ranking.py)
    this.views = []; // open Pagefind instances: {urls, instance, ready, countedShards}
    this.latest = 0;
  }

  // The instance for a scope: an open one with some of its shards gets the others merged in
  // (widening a search loads only the new shards); otherwise a new one. Pagefind skips merging a
  // bundle whose path begins the primary's, so the main bundle (/pagefind/, above the others)
  // can only be a primary.
  view(scope) {
    const wanted = scope.shards.map((shard) => shard.url);
    const fits = (v) => v.urls.every((url) => wanted.includes(url))
      && (v.urls[0] === this.mainUrl || !wanted.includes(this.mainUrl));
    let view = this.views.filter(fits).sort((a, b) => b.urls.length - a.urls.length)[0];
    if (!view) {
      const primary = wanted.includes(this.mainUrl) ? this.mainUrl : wanted[0];
      const instance = this.pagefind.createInstance({ basePath: primary, baseUrl: this.baseUrl,
        mergeFilter: { [SHARD]: primary }, ...(this.ranking ? { ranking: this.ranking } : {}) });
      view = { urls: [primary], instance, ready: instance.init(), countedShards: 0 };
      this.views.push(view);
    }
    const merging = wanted.filter((url) => !view.urls.includes(url)).map((url) => {
      view.urls.push(url);
      return view.instance.mergeIndex(url, { baseUrl: this.baseUrl, mergeFilter: { [SHARD]: url },
        ...(this.ranking ? { ranking: this.ranking } : {}) });
    });
    view.ready = Promise.all([view.ready, ...merging]);
    return view;
  }

  // Every filter value and its count over one scope. This loads every filter chunk of its
  // shards (about 12 bytes per document); a search then counts its results per value too.
  async filters(scope) {
    if (!scope.shards.length) return {};
    const view = this.view(scope);
    await view.ready;
    const shards = view.urls.length;
    const counts = await view.instance.filters();
    view.countedShards = Math.max(view.countedShards, shards);
    delete counts[SHARD];
    return counts;
  }

  // Search one scope, with counts per filter value over its results.
  async search(term, options = {}, scope) {
    if (!scope.shards.length) return EMPTY;
    const view = this.view(scope);
    if (view.countedShards < view.urls.length) await this.filters(scope);
    await view.ready;
    const found = await view.instance.search(term, options);
    const perShard = found.filters?.[SHARD] || {};
    for (const counts of [found.filters, found.totalFilters]) if (counts) delete counts[SHARD];
    const direction = Object.values(options.sort || {})[0];
    if (!direction) return found;
    // Sorted: the shards in date order, each shard searched when one of its results is shown.
    const ordered = [...scope.shards].sort((a, b) => (a.last < b.last ? -1 : a.last > b.last ? 1 : 0));
    if (direction === "desc") ordered.reverse();
    const results = [];
    for (const shard of ordered) {
      let own = null;
      const load = () => (own ??= view.instance.search(term, {
        ...options, filters: { ...options.filters, [SHARD]: { any: [shard.url] } },
      }));
      for (let i = 0; i < (perShard[shard.url] || 0); i += 1) {
        results.push({ data: async () => (await load()).results[i].data() });
      }
    }
    return { ...found, results };
  }

  // Like search, but null when a newer call came within `wait` ms or before this one finished.
  async debouncedSearch(term, options, scope, wait = 300) {
    const id = ++this.latest;
    await new Promise((resolve) => setTimeout(resolve, wait));
    if (id !== this.latest) return null;
    const result = await this.search(term, options, scope);
    return id === this.latest ? result : null;
  }

  async destroy() {
    await Promise.all(this.views.map((view) => view.instance.destroy()));
    this.views = [];
  }
}

// moduleUrl: one pagefind.js (every bundle's is the same); baseUrl: the site's root path;
// mainUrl: the main bundle, the one that holds the others' folders; ranking: Pagefind's ranking options.
export async function openIndex(moduleUrl, baseUrl, mainUrl, ranking = null) {
  return new ArchiveIndex(await import(moduleUrl), baseUrl, mainUrl, ranking);
}
