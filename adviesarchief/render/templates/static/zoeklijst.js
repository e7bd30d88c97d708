// The finder: letters by filters alone, from small static files (render/finder.py), never the word index.
// Per filter value a file lists its letters' numbers (newest first = lowest first, as gaps);
// the letters' display records are in chunks of `chunk` numbers.

// facets: every filter value with its count ({filter: {value: count}}); a value's file is
// numbered by its place among them sorted by code point, as the build numbers them.
export function openFinder(data, facets, base, load = (url) => fetch(url).then((r) => r.json())) {
  const cache = new Map();
  const numbered = Object.fromEntries(Object.entries(facets).map(([key, counts]) =>
    [key, new Map(Object.keys(counts).sort().map((value, i) => [value, i]))]));
  const get = (path) => {
    if (!cache.has(path)) cache.set(path, load(base + path));
    return cache.get(path);
  };
  async function numbersOf(key, value) {
    const number = numbered[key]?.get(value);
    if (number === undefined) return [];
    const gaps = await get(`${data.folder}${key}-${number}.json`);
    let at = 0;
    return gaps.map((gap, i) => (at = i === 0 ? gap : at + gap));
  }
  return {
    // The numbers of the letters that match: any value of one filter, every filter; ascending (newest first).
    async find(filters) {
      const sets = await Promise.all(Object.entries(filters).filter(([, values]) => values.length)
        .map(async ([key, values]) => {
          const lists = await Promise.all(values.map((value) => numbersOf(key, value)));
          return new Set(lists.flat());
        }));
      if (!sets.length) return [];
      sets.sort((a, b) => a.size - b.size);
      return [...sets[0]].filter((n) => sets.every((set) => set.has(n))).sort((a, b) => a - b);
    },
    // Display records {id, title, soort, gemeente, datum} of these letter numbers, in their order.
    async records(numbers) {
      const chunks = [...new Set(numbers.map((n) => Math.floor(n / data.chunk)))];
      const loaded = new Map(await Promise.all(chunks.map(async (c) => [c, await get(`${data.folder}brieven-${c}.json`)])));
      return numbers.map((n) => {
        const [id, title, soort, gemeente, datum] = loaded.get(Math.floor(n / data.chunk))[n % data.chunk];
        return { id, title, soort, gemeente, datum };
      });
    },
  };
}

// A CSV of records (semicolon-separated, as Dutch spreadsheets open it), with a byte-order mark.
export function recordsCsv(records, documentsUrl) {
  const cell = (value) => (/[";\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const rows = [["id", "titel", "soort", "gemeente", "datum", "url"],
    ...records.map((r) => [r.id, r.title, r.soort, r.gemeente, r.datum, `${documentsUrl}${r.id}/`])];
  return "\ufeff" + rows.map((row) => row.map((v) => cell(String(v))).join(";")).join("\r\n") + "\r\n";
}
