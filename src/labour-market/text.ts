import { createHash } from 'node:crypto';
import { childrenOf, type DomNode, isElement, isTextNode, parseHtml } from './dom.ts';

/** Lower case, accents off, every run of non-letters and non-digits one space. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tr',
  'ul',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head']);

/** The text of a DOM subtree, with line breaks where blocks end and list items marked with "- ". */
export function nodesToText(nodes: DomNode[]): string {
  const out: string[] = [];
  const walk = (node: DomNode) => {
    if (isTextNode(node)) out.push(node.data);
    else if (isElement(node)) {
      if (SKIP.has(node.name)) return;
      if (node.name === 'br') {
        out.push('\n');
        return;
      }
      const block = BLOCK.has(node.name);
      if (block) out.push('\n');
      if (node.name === 'li') out.push('\n- ');
      for (const child of node.children) walk(child);
      if (block) out.push('\n');
    } else for (const child of childrenOf(node)) walk(child);
  };
  for (const node of nodes) walk(node);
  return tidyText(out.join(''));
}

/** Spaces within lines collapsed, at most one empty line between paragraphs, no spaces at the ends. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text of a text that may hold HTML (schema.org descriptions often do). */
export function htmlToText(value: string): string {
  if (!/[<&]/.test(value)) return tidyText(value);
  return nodesToText(parseHtml(value));
}

const NL_WORDS = new Set(
  'de het een en van je jij jouw wij we ons onze voor met op is zijn niet bij als ook aan naar om te dat die wat wordt worden heb hebt heeft ben uur werk ervaring functie bent kun kunt zoeken zoekt wie wij bieden'.split(
    ' ',
  ),
);
const EN_WORDS = new Set(
  'the and of to a an in for with on is are you we our your as be will have has this that who what work experience role team join looking offer skills'.split(
    ' ',
  ),
);

/** 'nl' or 'en' by the share of common words of each language; null when the text gives too little to tell. */
export function detectLanguage(text: string): 'nl' | 'en' | null {
  let nl = 0;
  let en = 0;
  for (const word of normaliseText(text).split(' ').slice(0, 2000)) {
    if (NL_WORDS.has(word)) nl++;
    if (EN_WORDS.has(word)) en++;
  }
  if (nl + en < 3) return null;
  if (nl > en * 1.2) return 'nl';
  if (en > nl * 1.2) return 'en';
  return null;
}
