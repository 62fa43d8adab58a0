import { MIN_COVERAGE } from './build.ts';

/** The weights and thresholds of extraction (match.ts, terms.ts), tuned on the full ESCO library. */
export const TUNING = {
  /** Labels whose best possible score is below this are not looked at closely. */
  floor: 0.1,
  /** Least share of a label's weight found for it to count. */
  minCoverage: MIN_COVERAGE,
  coveragePower: 1.5,
  /** Free tokens in a match before it counts as spread out. */
  slack: 1.5,
  /** I / (I + specificity): how much the matched words must say (for a library of ESCO's size). */
  specificity: 2.5,
  kind: [1, 0.97, 0.93, 0.9],
  section: { requirements: 1.08, tasks: 1.04, offer: 0.6, company: 0.7, title: 1, none: 1 } as Record<string, number>,
  repeat: 0.06,
  occupationEssential: 0.2,
  occupationOptional: 0.1,
  related: 0.25,
  prior: 0.12,
  /** Occupations taken as the ad's context. */
  occupations: 3,
  minOccupation: 0.55,
  /** Skills that count as found for the relations between skills. */
  confident: 0.5,
  weight: { stem: 1, loanword: 0.9, cognate: 0.85, compound: 0.9, typo: 0.75, separable: 0.95 },
  /** Words every ad uses (FILLER_WORDS). */
  filler: 0.35,
  /** A one-word label found only through the lexicon. */
  translatedWord: 0.6,
};
