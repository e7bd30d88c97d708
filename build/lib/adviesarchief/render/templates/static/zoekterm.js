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
