/**
 * Dutch word forms for skill extraction, beyond Snowball's stems:
 *
 * - `dutchForms`: the verb's root and infinitive, which Snowball leaves alone ("werkt" → werk, werken;
 *   "gestapeld" → stapel, stapelen).
 * - `englishCognates`: the English words a Dutch word of Latin or French origin corresponds to by its
 *   spelling ("communicatie" → communication, "kwaliteit" → quality, "installeren" → install,
 *   "logistiek" → logistics, "projecten" → project). Extraction keeps only those that are words of an
 *   English label, so that Dutch text reaches skills labelled in English only.
 * - `separableVerbs`: a Dutch verb whose particle stands apart at the end of the clause ("je houdt
 *   de voorraad bij" → bijhouden, "je maakt de kantoren schoon" → schoonmaken, "om bestellingen op
 *   te nemen" → opnemen).
 */

/** A verb in the present with -t ("werkt" → werk), and a past participle ("gestapeld" → stapel). */
const presentWithT = (word: string) => word.length >= 5 && word.endsWith('t') && !word.endsWith('tt');
const pastParticiple = (word: string) => word.length >= 7 && word.startsWith('ge') && /[dt]$/.test(word);

/** Forms of a Dutch word Snowball leaves alone: the verb's root and its infinitive. */
export function dutchForms(word: string): string[] {
  const forms = [word];
  const roots: string[] = [];
  if (presentWithT(word)) roots.push(word.slice(0, -1));
  if (pastParticiple(word)) roots.push(word.slice(2, -1));
  for (const root of roots) {
    forms.push(root);
    forms.push(infinitive(root));
  }
  return forms;
}

/** Whether dutchForms finds a root in a word (then it gives three forms or more). */
const hasRoot = (word: string) => presentWithT(word) || pastParticiple(word);

/** The infinitive of a verb's root: "laad" → laden, "installeer" → installeren, "bedien" → bedienen. */
export function infinitive(root: string): string {
  const long = /([aeou])\1([^aeiou])$/.exec(root);
  return long ? `${root.slice(0, -3)}${long[1]}${long[2]}en` : `${root}en`;
}

/** Endings of Dutch words and their English counterparts (the first that fits is taken, per base). */
const ENDINGS: [string, string[]][] = [
  ['atie', ['ation']],
  ['tie', ['tion']],
  ['sie', ['sion']],
  ['teit', ['ty']],
  ['ische', ['ical', 'ic']],
  ['isch', ['ical', 'ic']],
  ['ieve', ['ive']],
  ['ief', ['ive']],
  ['iele', ['ial']],
  ['ieel', ['ial']],
  ['ele', ['al']],
  ['eel', ['al']],
  ['ale', ['al']],
  ['aal', ['al']],
  ['iek', ['ic', 'ics', 'ique']],
  ['ogie', ['ogy']],
  ['isme', ['ism']],
  ['ie', ['y']],
  ['eren', ['', 'e', 'ate', 'ise', 'ize']],
  ['e', ['']],
];

/** Nouns with the plural -eren, not verbs. */
const PLURALS_IN_EREN = new Set('kinderen liederen eieren kalveren lammeren bladeren goederen raderen runderen'.split(' '));

/** English spellings of a Dutch one: "kw" → qu, "k" → c. */
function spellings(word: string, add: (w: string) => void): void {
  add(word);
  if (word.includes('kw')) add(word.replaceAll('kw', 'qu'));
  if (word.includes('k')) add(word.replaceAll('kw', 'qu').replaceAll('k', 'c'));
}

/** English words a Dutch word may correspond to by its spelling (candidates, to be looked up). */
export function englishCognates(word: string): string[] {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return [];
  const out = new Set<string>();
  const add = (w: string) => {
    if (w.length >= 4 && w !== word) out.add(w);
  };
  const bases = [word];
  // Plurals and inflections: "projecten" → project, "modellen" → model (not the verbs in -eren).
  if (word.endsWith('en') && !word.endsWith('eren') && word.length >= 6) {
    const base = word.slice(0, -2);
    bases.push(base);
    if (/([^aeiou])\1$/.test(base)) bases.push(base.slice(0, -1));
  }
  for (const base of bases) {
    spellings(base, add);
    const ending = ENDINGS.find(
      ([nl]) => base.endsWith(nl) && base.length - nl.length >= 3 && !(nl === 'eren' && PLURALS_IN_EREN.has(base)),
    );
    if (!ending) continue;
    const root = base.slice(0, -ending[0].length);
    for (const en of ending[1]) {
      spellings(root + en, add);
      // "programmeren" → program.
      if (en === '' && /([^aeiou])\1$/.test(root)) spellings(root.slice(0, -1), add);
    }
  }
  return [...out];
}

/** Particles of Dutch separable verbs. */
export const PARTICLES = new Set(
  'aan af bij door in mee na om op over samen schoon terug toe uit vast voor weg neer los open klaar achter tegen binnen'.split(' '),
);
/** Words after which a clause ends: a particle before one of them stands at the end of its clause. */
const CLAUSE_ENDS = new Set('en of maar want dat zodat als wanneer terwijl waarbij omdat'.split(' '));

export interface SeparableVerb {
  /** Token positions of the verb and of its particle. */
  verb: number;
  particle: number;
  /** The verb as one word: "bijhouden". */
  word: string;
}

/**
 * The separable verbs of one unit of tokens (normalised words, with the text between each and the
 * next): a particle at the end of its clause (before a comma, a conjunction or the unit's end) joined
 * to the nearest finite verb before it ("houdt", "maakt": a form with a root) that makes a verb with
 * it that `isWord` knows; or a particle before "te" + infinitive.
 */
export function separableVerbs(words: string[], gaps: string[], isWord: (word: string) => boolean): SeparableVerb[] {
  const out: SeparableVerb[] = [];
  for (let q = 1; q < words.length; q++) {
    const particle = words[q]!;
    if (!PARTICLES.has(particle)) continue;
    const next = words[q + 1];
    if (next === 'te' && q + 2 < words.length) {
      const word = particle + words[q + 2]!;
      if (isWord(word)) out.push({ verb: q + 2, particle: q, word });
      continue;
    }
    const last = q === words.length - 1 || /[,;:(]/.test(gaps[q]!) || (next !== undefined && CLAUSE_ENDS.has(next));
    if (!last) continue;
    for (let v = q - 1; v >= 0; v--) {
      // (A word without a root has fewer than three forms: most words, passed over without making them.)
      if (!hasRoot(words[v]!)) continue;
      const forms = dutchForms(words[v]!);
      // "stelt" → stellen (after a short vowel the consonant doubles; which vowel is short, spelling does not say).
      const root = forms[1]!;
      const doubled = /(^|[^aeiou])[aeiou][^aeiouwj]$/.test(root) ? `${root}${root.at(-1)}en` : null;
      // The first of the infinitive, the doubled form and the root that makes a word with the particle.
      let found: string | null = particle + forms[2]!;
      if (!isWord(found)) {
        found = doubled !== null ? particle + doubled : null;
        if (found === null || !isWord(found)) {
          found = particle + root;
          if (!isWord(found)) found = null;
        }
      }
      if (found) {
        out.push({ verb: v, particle: q, word: found });
        break;
      }
    }
  }
  return out;
}
