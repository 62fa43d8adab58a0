import snowball from 'snowball-stemmers';

/**
 * Text handling of skill extraction, the same for the library's labels and for the ads: word and
 * sentence segmentation with `Intl.Segmenter`, normalisation (accents off, lower case), Snowball
 * stems for Dutch and English, stop words, and the sections of an ad (requirements, tasks, offer,
 * company) found from their headings.
 */

export type Lang = 'nl' | 'en';
export const LANGS: readonly Lang[] = ['nl', 'en'];

export interface Token {
  /** UTF-16 offsets into the text. */
  start: number;
  end: number;
  /** Normalised: NFKD without marks, lower case. */
  norm: string;
  /** Index of the unit (sentence, list item, line) it belongs to. */
  unit: number;
  /** Inside parentheses (labels: "Java (computer programming)"). */
  inParens: boolean;
}

const wordSegmenters = new Map<string, Intl.Segmenter>();
const sentenceSegmenters = new Map<string, Intl.Segmenter>();

function segmenter(cache: Map<string, Intl.Segmenter>, lang: string, granularity: 'word' | 'sentence'): Intl.Segmenter {
  let s = cache.get(lang);
  if (!s) cache.set(lang, (s = new Intl.Segmenter(lang, { granularity })));
  return s;
}

const ascii = /^[\x20-\x7e]*$/;

export function normaliseWord(word: string): string {
  const lower = word.toLowerCase();
  if (ascii.test(lower)) return lower;
  return lower
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’']/g, "'");
}

/** Unit breaks besides sentence ends: line breaks, bullets, semicolons, pipes, tabs. */
const BREAK = /[\n\r\t•·●▪◦■□➢►✓✔|;]/g;

/**
 * The word tokens of a text with their unit (sentence, line or list item). "C#", "C++" and "F#"
 * stay one token, as ESCO labels them.
 */
export function tokenize(text: string, lang: Lang = 'en', units = true): Token[] {
  const breaks: number[] = [];
  if (units) {
    for (const s of segmenter(sentenceSegmenters, lang, 'sentence').segment(text)) if (s.index > 0) breaks.push(s.index);
    for (const m of text.matchAll(BREAK)) breaks.push(m.index);
    breaks.sort((a, b) => a - b);
  }
  const tokens: Token[] = [];
  let unit = 0;
  let b = 0;
  let parens = 0;
  let last: Token | null = null;
  for (const seg of segmenter(wordSegmenters, lang, 'word').segment(text)) {
    const s = seg.segment;
    if (!seg.isWordLike) {
      if (s === '(') parens++;
      else if (s === ')') parens = Math.max(0, parens - 1);
      else if ((s === '#' || s === '+') && last && last.end === seg.index && last.norm.length <= 2 && /^[a-z]\+?$/.test(last.norm)) {
        // C#, C++, F#: the sign belongs to the word.
        last.norm += s;
        last.end = seg.index + 1;
      }
      continue;
    }
    while (b < breaks.length && breaks[b]! <= seg.index) {
      b++;
      if (last && last.unit === unit) unit++;
    }
    last = { start: seg.index, end: seg.index + s.length, norm: normaliseWord(s), unit, inParens: parens > 0 };
    tokens.push(last);
  }
  return tokens;
}

const stemmers = { nl: snowball.newStemmer('dutch'), en: snowball.newStemmer('english') };
const stemCache = { nl: new Map<string, string>(), en: new Map<string, string>() };

/** The Snowball stem of a normalised word (cached: the vocabulary of ads is small). */
export function stem(word: string, lang: Lang): string {
  const cache = stemCache[lang];
  let s = cache.get(word);
  if (s === undefined) {
    s = /^[a-z]+$/.test(word) && word.length > 2 ? stemmers[lang].stem(word) : word;
    if (cache.size > 500_000) cache.clear();
    cache.set(word, s);
  }
  return s;
}

export const STOP_WORDS: Record<Lang, Set<string>> = {
  en: new Set(
    (
      'a an and or of in on at for with by to from as is are be been being into about its it this that these those the ' +
      'you your yours we our us they their them he she his her i me my will would shall should can could may might must ' +
      'have has had do does did not no nor but if then than so such also other others any all each every some both ' +
      'who whom which what when where why how there here very more most less least own same too just only well ' +
      'etc eg ie per via within without across over under up out off again further once while during before after above below between through'
    ).split(' '),
  ),
  nl: new Set(
    (
      'de het een en of van in op aan voor met door bij naar om te tot uit over als die dat dit deze zijn is was waren ' +
      'worden wordt werd je jij jou jouw jullie u uw wij we ons onze hij zij ze zich hem haar hun ik mij mijn er niet ' +
      'geen wel ook nog al zo dan maar want dus heeft hebben heb hadden had kan kunnen kun kon zal zullen zou zouden ' +
      'wil willen moet moeten mag mogen waar wat wie hoe waarom wanneer daar hier binnen buiten tijdens na onder ' +
      'tussen zonder tegen sinds vanaf per via elk elke ieder iedere alle veel meer meest minder eigen zeer erg heel ' +
      'andere ander hetzelfde dezelfde omdat terwijl indien zodat waarbij waarin waarmee daarbij daarnaast bovendien ' +
      'ben bent zijnde doen doet deed gaat gaan ga komt komen kom'
    ).split(' '),
  ),
};

/**
 * Words every ad uses that say little about a skill by themselves ("experience", "ervaring",
 * "kennis"): they count for a third.
 */
export const FILLER_WORDS: Record<Lang, Set<string>> = {
  en: new Set(
    (
      'experience experienced knowledge strong good great excellent ability abilities able years year skills skill proven ' +
      'understanding familiarity familiar working plus preferred required requirements requirement degree new solid ' +
      'minimum least demonstrated desired ideal ideally candidate candidates role position opportunity job company'
    ).split(' '),
  ),
  nl: new Set(
    (
      'ervaring kennis goed goede uitstekend uitstekende jaar jaren vaardigheden vaardigheid minimaal minstens graag ' +
      'pre pluspunt vereist vereiste nieuwe nieuw diploma opleiding kandidaat functie vacature bedrijf organisatie ' +
      'bieden biedt salaris contract dagelijks aantal'
    ).split(' '),
  ),
};

/** Whether a word is a stop word of either language (labels use both lists for their own language). */
export const isStopWord = (word: string, lang: Lang) => STOP_WORDS[lang].has(word);

const DUTCH_HINTS = new Set(
  (
    'de het een en van je jij jouw wij we ons onze zijn voor met bij naar ook als dat die wat hebt heb werk werkt ' +
    'ervaring kennis graag bent ben heeft om te op aan uit niet wel'
  ).split(' '),
);
const ENGLISH_HINTS = new Set('the and of you your our are for with to will have experience knowledge skills work the a an be'.split(' '));

/** Dutch or English, by the share of each language's common words; English when unsure. */
export function detectLang(text: string): Lang {
  let nl = 0;
  let en = 0;
  let n = 0;
  for (const m of text
    .slice(0, 4000)
    .toLowerCase()
    .matchAll(/\p{L}+/gu)) {
    const w = m[0];
    if (DUTCH_HINTS.has(w)) nl++;
    if (ENGLISH_HINTS.has(w)) en++;
    if (++n > 600) break;
  }
  return nl > en ? 'nl' : 'en';
}

export type Section = 'requirements' | 'tasks' | 'offer' | 'company' | 'title' | null;

const SECTION_PATTERNS: [Exclude<Section, 'title' | null>, RegExp][] = [
  [
    'offer',
    /^(what we offer|we offer|our offer|benefits|perks|compensation|salary|what's in it for you|why join us|wat (wij|we) (je )?bieden|wat bieden (wij|we)|(wij|we) bieden|arbeidsvoorwaarden|ons aanbod|salaris|dit bieden (wij|we)|wat krijg je)/,
  ],
  [
    'requirements',
    /^(requirements?|qualifications?|what you bring|what (we|you) need|what we('re| are)? (ask|expect|look)|your profile|(candidate )?profile|who (you are|are you)|skills|must have|nice to have|you have|you are|wat (vragen|verwachten) (wij|we)|wat breng je mee|wat neem je mee|functie-?eisen|jouw profiel|profiel|wie ben (jij|je)|wie zoeken (wij|we)|(wij|we) vragen|vereisten|competenties|kennis en vaardigheden|dit vragen (wij|we)|je hebt|jij hebt)/,
  ],
  [
    'tasks',
    /^(responsibilities|key responsibilities|what you('ll| will) do|your role|the role|role|tasks|duties|job description|about the (job|role)|wat ga je doen|wat ga jij doen|taken|werkzaamheden|functieomschrijving|jouw rol|de functie|over de functie|verantwoordelijkheden|wat doe je)/,
  ],
  [
    'company',
    /^(about us|who we are|our company|the company|about the company|over ons|wie zijn (wij|we)|het bedrijf|de organisatie|over de organisatie|wij zijn)/,
  ],
];

/**
 * The section of each unit: a short unit that reads as a heading ("Wat vragen wij?", "Requirements:")
 * starts a section that lasts until the next heading. A short first unit is the title.
 */
export function unitSections(text: string, tokens: Token[]): Section[] {
  const count = tokens.length ? tokens[tokens.length - 1]!.unit + 1 : 0;
  const sections: Section[] = new Array(count).fill(null);
  let current: Section = null;
  let i = 0;
  for (let unit = 0; unit < count; unit++) {
    const first = i;
    while (i < tokens.length && tokens[i]!.unit === unit) i++;
    const n = i - first;
    if (n === 0) continue;
    if (n <= 7) {
      const head = normaliseWord(text.slice(tokens[first]!.start, tokens[i - 1]!.end));
      const found = SECTION_PATTERNS.find(([, re]) => re.test(head));
      if (found && (n <= 4 || /[:?]\s*$/.test(text.slice(tokens[i - 1]!.end, tokens[i - 1]!.end + 2)))) {
        current = found[0];
        sections[unit] = current;
        continue;
      }
    }
    sections[unit] = unit === 0 && n <= 10 && count > 1 ? 'title' : current;
  }
  return sections;
}
