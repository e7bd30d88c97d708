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
