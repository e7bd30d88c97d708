// Open the search index: one Pagefind bundle, or the shards of a large archive searched as one.
//
// A large archive is indexed per year (newest shard first, see adviesarchief/search.py). Each
// shard is its own Pagefind module; results are merged here instead of with mergeIndex because
// mergeIndex orders sorted results by per-shard rank, which breaks "newest first" across years.
// Shards never overlap in dates, so a date-sorted result list is the shards' lists in a row.

function mergeCounts(all) {
  const merged = {};
  for (const filters of all) {
    for (const [name, values] of Object.entries(filters || {})) {
      merged[name] ||= {};
      for (const [value, count] of Object.entries(values)) merged[name][value] = (merged[name][value] || 0) + count;
    }
  }
  return merged;
}

class ShardedIndex {
  constructor(shards) {
    this.shards = shards;
    this.latest = 0;
  }

  async init() {
    await Promise.all(this.shards.map((shard) => shard.init()));
  }

  async filters() {
    return mergeCounts(await Promise.all(this.shards.map((shard) => shard.filters())));
  }

  async search(term, options = {}) {
    const found = await Promise.all(this.shards.map((shard) => shard.search(term, options)));
    let results;
    if (options.sort && Object.keys(options.sort).length) {
      const ascending = Object.values(options.sort).includes("asc");
      results = (ascending ? [...found].reverse() : found).flatMap((s) => s.results);
    } else {
      results = found.flatMap((s) => s.results).sort((a, b) => b.score - a.score);
    }
    return {
      results,
      unfilteredResultCount: found.reduce((sum, s) => sum + s.unfilteredResultCount, 0),
      filters: mergeCounts(found.map((s) => s.filters)),
      totalFilters: mergeCounts(found.map((s) => s.totalFilters)),
    };
  }

  async debouncedSearch(term, options = {}, wait = 300) {
    const id = ++this.latest;
    await new Promise((resolve) => setTimeout(resolve, wait));
    if (id !== this.latest) return null;
    const result = await this.search(term, options);
    return id === this.latest ? result : null;
  }

  async destroy() {
    await Promise.all(this.shards.map((shard) => shard.destroy?.()));
  }
}

// bundles: the bundle URLs, main first; moduleUrl(bundle) gives the URL of its pagefind.js.
export async function openIndex(bundles, baseUrl, moduleUrl = (bundle) => bundle + "pagefind.js") {
  const shards = [];
  for (const bundle of bundles) {
    const shard = await import(moduleUrl(bundle));
    await shard.options({ basePath: bundle, baseUrl });
    shards.push(shard);
  }
  return shards.length === 1 ? shards[0] : new ShardedIndex(shards);
}
