/**
 * Word-level helpers of the search: edit distance for typos, a light English stem for the
 * cross-language lexicon, Dutch word variants and compound splitting. No dictionaries: the
 * vocabulary is what the library's own labels hold.
 */

/** Words that carry no meaning for matching (Dutch and English). */
export const STOP_WORDS = new Set(
  (
    'de het een en of van in op aan voor met door bij naar om te tot uit over als die dat dit deze zijn is worden wordt ' +
    'the a an and or of in on at for with by to from as is are be into about its their this that these those'
  ).split(' '),
);

/** Damerau–Levenshtein distance (optimal string alignment), stopping early above `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** One typo is tolerated in words of four letters or more. */
export function isOneTypo(query: string, word: string): boolean {
  return query.length >= 4 && word.length >= 4 && editDistance(query, word, 1) <= 1;
}

/**
 * A light English stem for the lexicon's English side ("welding", "welder", "welds" → "weld";
 * "carpenter" → "carpent"): search expands a stem to the vocabulary words it starts.
 */
export function englishStem(word: string): string {
  let w = word.replace(/['’]s$/, '');
  for (const suffix of ['ings', 'ing', 'ers', 'er', 'ies', 'es', 's', 'ed']) {
    if (w.length - suffix.length >= 4 && w.endsWith(suffix)) {
      w = suffix === 'ies' ? `${w.slice(0, -3)}y` : w.slice(0, -suffix.length);
      if (suffix === 'es' && !/(ss|sh|ch|x|z)$/.test(w)) w = `${w}e`;
      break;
    }
  }
  return w;
}

/**
 * Stem-like prefixes of a Dutch word, for finding its other forms in the vocabulary ("lassen" →
 * lass: lasser; "timmeren" → timmer: timmerman; "programmering" → programmer: programmeren;
 * "beheer" → beheer and beher: beheren; "stukadoren" → stukador and stukadoor). The inflection or
 * derivation suffix is stripped, and a long vowel is written both ways (open and closed syllable).
 * Words of fewer than five letters get none.
 */
export function dutchVariantPrefixes(word: string): string[] {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return [];
  let stem = word;
  for (const suffix of ['ingen', 'ing', 'en', 'er', 'es', 'e', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) {
      stem = word.slice(0, -suffix.length);
      break;
    }
  }
  const out = new Set([stem]);
  // beheer → beher, stukadoor → stukador (the form before a vowel), and back.
  const closed = /([aeiou])\1([^aeiou])$/.exec(stem);
  if (closed) out.add(stem.slice(0, -3) + closed[1] + closed[2]);
  const open = /[^aeiou]([aeiou])([^aeiou])$/.exec(stem);
  if (open && stem.length >= 4) out.add(stem.slice(0, -2) + open[1] + open[1] + open[2]);
  return [...out].filter((p) => p.length >= 4);
}

const LINKS = ['', 's', 'en', 'e'];

/**
 * Splits a Dutch compound into known words ("klantvriendelijk" → klant + vriendelijk,
 * "energiebeleidsontwikkeling" → energiebeleid + ontwikkeling), allowing the linking -s-, -en- and
 * -e-. `known` answers whether a part is a word of the vocabulary. Prefers the fewest parts, then the
 * longest head. Returns null when the word cannot be split into parts of three letters or more.
 */
export function splitCompound(word: string, known: (part: string) => boolean, maxParts = 3): string[] | null {
  if (word.length < 6) return null;
  let best: string[] | null = null;
  const walk = (rest: string, parts: string[]) => {
    if (parts.length && known(rest) && rest.length >= 3) {
      const found = [...parts, rest];
      if (!best || found.length < best.length) best = found;
      return;
    }
    if (parts.length + 1 >= maxParts) return;
    for (let i = rest.length - 3; i >= 3; i--) {
      const head = rest.slice(0, i);
      if (!known(head)) continue;
      for (const link of LINKS) {
        const tail = rest.slice(i);
        if (!tail.startsWith(link) || tail.length - link.length < 3) continue;
        walk(tail.slice(link.length), [...parts, head]);
        if (best && best.length === parts.length + 2) return;
      }
    }
  };
  walk(word, []);
  return best;
}

/** Every candidate part of a word for `splitCompound`: prefixes and suffixes of three letters or more. */
export function compoundPieces(word: string): string[] {
  const out = new Set<string>();
  for (let i = 3; i <= word.length - 3; i++) {
    out.add(word.slice(0, i));
    const tail = word.slice(i);
    out.add(tail);
    for (const link of LINKS) if (link && tail.startsWith(link) && tail.length - link.length >= 3) out.add(tail.slice(link.length));
  }
  // Middle parts of three-part compounds.
  for (let i = 3; i <= word.length - 6; i++) for (let j = i + 3; j <= word.length - 3; j++) out.add(word.slice(i, j));
  return [...out];
}
