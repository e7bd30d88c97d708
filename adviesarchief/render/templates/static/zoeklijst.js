// The finder: letters by filters alone, from small static files (render/finder.py), never the word index.
// Letters are numbered newest first. Per filter value a file lists its letters' numbers: as gaps
// (a list) or, for a value most letters have, as a bitmap (a base64 string, one bit per letter).
// A year is a run of numbers, given in `data.years`; the display records are in chunks of `chunk`.

function decodeBitmap(text) {
  const bytes = atob(text);
  const numbers = [];
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes.charCodeAt(i);
    for (let bit = 0; bit < 8; bit += 1) if (byte & (0x80 >> bit)) numbers.push(i * 8 + bit);
  }
  return numbers;
}

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
    const stored = await get(`${data.folder}${key}-${number}.json`);
    if (typeof stored === "string") return decodeBitmap(stored);
    let at = 0;
    return stored.map((gap, i) => (at = i === 0 ? gap : at + gap));
  }
  return {
    // The numbers of the letters that match: any value of one filter, every filter; ascending (newest first).
    // Years are runs of numbers ([first, end)); they need no file.
    async find(filters) {
      const runs = (filters.jaar || []).map((year) => data.years[year]).filter(Boolean)
        .sort((a, b) => a[0] - b[0]);
      const inYears = (n) => runs.some(([first, end]) => n >= first && n < end);
      const sets = await Promise.all(Object.entries(filters)
        .filter(([key, values]) => key !== "jaar" && values.length)
        .map(async ([key, values]) => {
          const lists = await Promise.all(values.map((value) => numbersOf(key, value)));
          return new Set(lists.flat());
        }));
      if (!sets.length) return runs.flatMap(([first, end]) => Array.from({ length: end - first }, (_, i) => first + i));
      sets.sort((a, b) => a.size - b.size);
      return [...sets[0]].filter((n) => sets.every((set) => set.has(n)) && (!filters.jaar?.length || inYears(n)))
        .sort((a, b) => a - b);
    },
    // Display records {id, title, soort, gemeente, datum, status, staat} of these letter numbers, in their order.
    async records(numbers) {
      const chunks = [...new Set(numbers.map((n) => Math.floor(n / data.chunk)))];
      const loaded = new Map(await Promise.all(chunks.map(async (c) => [c, await get(`${data.folder}brieven-${c}.json`)])));
      return numbers.map((n) => {
        const [id, title, soort, gemeente, datum, status, staat] = loaded.get(Math.floor(n / data.chunk))[n % data.chunk];
        return { id, title, soort, gemeente, datum, status, staat };
      });
    },
  };
}

// A CSV of records (semicolon-separated, as Dutch spreadsheets open it), with a byte-order mark.
export function recordsCsv(records, documentsUrl) {
  const cell = (value) => (/[";\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const rows = [["id", "titel", "soort", "gemeente", "datum", "url", "status"],
    ...records.map((r) => [r.id, r.title, r.soort, r.gemeente, r.datum, `${documentsUrl}${r.id}/`, r.status || ""])];
  return "\ufeff" + rows.map((row) => row.map((v) => cell(String(v))).join(";")).join("\r\n") + "\r\n";
}
