// What the search page sends to Pagefind for what the user typed; shared with the Node search tests.
//
// Pagefind's Dutch stemmer gives a singular in -ies ("advies") and its plural in -iezen
// ("adviezen") stems that do not prefix each other, so "adviezen" would miss "advies".
// Pagefind matches words by the prefix of their stem, so searching "advie" finds both.
// Quoted phrases are left exactly as typed: they are meant literally.
const IEZEN = /(\p{L}{2,})iezen(?!\p{L})/giu;

export function pagefindTerm(query) {
  return query
    .split('"')
    .map((part, i) => (i % 2 === 0 ? part.replace(IEZEN, "$1ie") : part))
    .join('"');
}

// The index holds, after a compound or a word with a synonym, its parts and synonyms between
// ⟦ and ⟧ (search/words.py), so that "zorg" finds "jeugdzorg". A reader sees the letter's own
// words only: cleanExcerpt takes those out of Pagefind's excerpt, and a match inside them marks
// the word they belong to instead.
const OPEN = "\u27e6";
const CLOSE = "\u27e7";

export function cleanExcerpt(excerpt) {
  let text = excerpt;
  const close = text.indexOf(CLOSE);
  const open = text.indexOf(OPEN);
  if (close !== -1 && (open === -1 || close < open)) text = text.slice(close + 1); // cut off at the start
  const lastOpen = text.lastIndexOf(OPEN);
  if (lastOpen !== -1 && text.indexOf(CLOSE, lastOpen) === -1) text = text.slice(0, lastOpen); // cut off at the end
  const bracket = new RegExp(`(\\S*?)(\\s*)${OPEN}[^${CLOSE}]*?${CLOSE}`, "gu");
  return text.replace(bracket, (whole, word, space) => {
    const inside = whole.slice(word.length + space.length);
    if (!inside.includes("<mark>") || !word) return word;
    const bare = word.replace(/<\/?mark>/g, "");
    const [, lead, core, trail] = bare.match(/^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u);
    return `${lead}<mark>${core}</mark>${trail}`;
  }).replace(/\s{2,}/g, " ").trim();
}

// Pagefind's excerpt is a window of words, cut anywhere: ") worden steeds meer aangesproken op".
// A reader sees where it is cut: punctuation left over from the sentence before is left out, and
// "…" marks a start or end inside a sentence.
export function framedExcerpt(excerpt) {
  const text = excerpt.replace(/^[\s)\]}.,;:!?–-]+/u, "").trim();
  const visible = text.replace(/<\/?mark>/g, "");
  if (!visible) return "";
  const opens = /^[\p{Lu}\p{N}"'‘“(]/u.test(visible);
  const closes = /[.!?"'’”)]$/u.test(visible);
  return `${opens ? "" : "… "}${text}${closes ? "" : " …"}`;
}

// What the search understands of a query: Pagefind needs all words; quotes keep a phrase.
// "OR" and "-word" are not supported: they are left out, and the page says so in one line.
export function readQuery(query) {
  const parts = query.split('"');
  let dropped = false;
  const kept = parts.map((part, i) => {
    if (i % 2 === 1) return part; // inside quotes: literal
    return part.split(/\s+/).filter((word) => {
      if (word === "OR" || word === "AND" || word === "NOT" || /^-\p{L}/u.test(word)) {
        dropped = true;
        return false;
      }
      return true;
    }).join(" ");
  });
  const term = kept.map((part, i) => (i % 2 === 1 ? `"${part}"` : part)).join(" ").replace(/\s+/g, " ").trim();
  return {
    term,
    note: dropped
      ? "Let op: OR en een minteken (-woord) werken hier niet. U vindt brieven met al uw woorden; zet woorden die bij elkaar horen tussen aanhalingstekens."
      : "",
  };
}

// The plain words of a query (quotes and signs left out), lower case; "2e" and "65plus" are words too.
export function queryWords(term) {
  return (term.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu) || []);
}

// Pagefind answers a word it does not hold with words that only start like a short piece of it:
// "armoeede" finds the "à" of "à tempo", "blablabla" the municipality Bladel. A result whose
// matched words have nothing to do with a word of the query is a chance hit, not a find.
// Related: the same first letters (up to 4, fewer for a short word), compared without accents
// and with doubled vowels as one, so that "lopen" still finds "loopt" and "gaan" "gaat".
const fold = (word) => word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
  .replace(/[^\p{L}\p{N}]/gu, "").replace(/([aeiou])\1/gu, "$1");

export function relatedWord(found, asked) {
  const a = fold(asked);
  const f = fold(found);
  const need = Math.max(1, Math.min(4, a.length - 2));
  return f.slice(0, need) === a.slice(0, need);
}

// Whether a result (its Pagefind data) is a chance hit for the term Pagefind was given: some
// word of the query has no related word among the words it matched. The matched words are
// those at its locations in its text; a result matched in its metadata only (a reference
// number) is judged by its metadata's words.
export function isChanceHit(data, term) {
  const asked = queryWords(term);
  if (!asked.length) return false;
  const text = (data.content || "").split(/\s+/);
  const matched = (data.locations || []).map((i) => text[i]).filter(Boolean);
  const pool = matched.length ? matched : Object.values(data.meta || {}).join(" ").split(/\s+/);
  // A matched word may be glued to others by signs ("Wmo-raad", "alert('woord')"): each piece counts.
  const words = pool.flatMap((word) => [word, ...word.split(/[^\p{L}\p{N}]+/u)]);
  return !asked.every((q) => words.some((word) => relatedWord(word, q)));
}

// A compound's parts, the way the index splits them (search/words.py), from the page's word list.
export function splitWord(word, list) {
  word = word.toLowerCase();
  const known = (w) => Object.hasOwn(list.words, w);
  const min = list.minPart;
  if (list.neverSplit.includes(word) || word.length < 2 * min || word.includes("-")) return [];
  let best = null;
  for (let cut = min; cut <= word.length - min; cut++) {
    const head = word.slice(cut);
    if (list.notAHead.includes(head) || !known(head)) continue;
    const modifier = modifierOf(word.slice(0, cut), list, known);
    if (modifier !== null && (best === null || head.length > best[1].length)) best = [modifier, head];
  }
  return best || [];
}

function modifierOf(left, list, known) {
  for (const link of list.links) {
    if (link && !left.endsWith(link)) continue;
    const stem = left.slice(0, left.length - link.length);
    if (stem.length >= list.minPart && !list.notAModifier.includes(stem) && known(stem)) return stem;
  }
  return left.length >= list.minPart && known(left + "en") ? left + "en" : null;
}

// The query with its compounds written as their parts ("kinderarmoede" -> "kinderen armoede"), or null.
export function splitQuery(term, list) {
  let changed = false;
  const out = term.split('"').map((part, i) => (i % 2 === 1 ? `"${part}"` : part.replace(/[\p{L}-]+/gu, (word) => {
    const parts = splitWord(word, list);
    if (!parts.length) return word;
    changed = true;
    return parts.join(" ");
  }))).join("");
  return changed ? out : null;
}

// Edit distance with two neighbouring letters swapped as one edit ("hlup" for "hulp": the most
// common typo), stopping early above `most`.
function distance(a, b, most) {
  if (Math.abs(a.length - b.length) > most) return most + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (before && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    // A swap reaches back two rows: only two rows above `most` rule it out.
    if (Math.min(...row) > most && Math.min(...previous) > most) return most + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

// The known word closest to a typed one (lower case), the most frequent of equals, or null: at
// most one edit away in a word under 7 letters, two in a longer one; none for under 4 letters.
export function closestWord(lower, counts) {
  if (lower.length < 4) return null;
  const most = lower.length < 7 ? 1 : 2;
  let best = null;
  for (const [candidate, count] of counts) {
    const d = distance(lower, candidate, most);
    if (d <= most && (best === null || d < best[1] || (d === best[1] && count > best[2]))) best = [candidate, d, count];
  }
  return best ? best[0] : null;
}

// The words a query word may be corrected to, with their counts: those compounds are split by,
// and the words of titles, summaries, topic labels and places seen too seldom for that
// (list.spelling, search/words.py word_list).
export function knownWords(list) {
  return { ...(list.spelling || {}), ...list.words };
}

// The query with each unknown word replaced by the most frequent known word close to it, or null.
export function suggestQuery(term, list) {
  let changed = false;
  const known = knownWords(list);
  const counts = Object.entries(known);
  const out = term.replace(/[\p{L}]+/gu, (word) => {
    const lower = word.toLowerCase();
    if (Object.hasOwn(known, lower)) return word;
    const best = closestWord(lower, counts);
    if (!best) return word;
    changed = true;
    return best;
  });
  return changed ? out : null;
}

// Where to look in the index for the words a typo may stand for: searches for the typed word's
// first letters, longest first (Pagefind finds words by the start of their stem), so that a typo
// late in the word is found by its longer start and one early in it by the first four letters.
export function typoPrefixes(word) {
  const lower = word.toLowerCase();
  if (lower.length < 5 || !/^\p{L}+$/u.test(lower)) return [];
  return [...new Set([lower.length - 2, Math.ceil(lower.length / 2), 4].filter((n) => n >= 4))]
    .map((n) => lower.slice(0, n));
}

// The words Pagefind matched in a result (its data), lower case, with how often each was matched.
export function matchedWords(datas) {
  const counts = new Map();
  for (const data of datas) {
    const text = (data.content || "").split(/\s+/);
    for (const index of data.locations || []) {
      for (const piece of (text[index] || "").toLowerCase().split(/[^\p{L}]+/u)) {
        if (piece.length >= 4) counts.set(piece, (counts.get(piece) || 0) + 1);
      }
    }
  }
  return counts;
}
