import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import jsigs from 'jsonld-signatures';
import { bundledContext, bundledContexts } from '../contexts/index.ts';
import { createDocumentLoader, type DocumentLoader } from '../contexts/loader.ts';

/**
 * Prepared canonicalisation: the canonical N-Quads (RDFC-1.0) of a JSON-LD document, exactly as the
 * eddsa-rdfc-2022 cryptosuite's `canonize` gives them, without running the JSON-LD processor for
 * every document. See docs/decisions/011-fast-lane.md.
 *
 * The expensive step of canonicalising a credential is JSON-LD → RDF (expansion against the
 * contexts, ≈ 6 ms); RDFC-1.0 over the resulting ≈ 50 quads takes ≈ 0.1 ms. Documents of one
 * *shape* (the same keys, the same array lengths, the same types and contexts) give the same quads
 * up to the string values they carry. So a shape is run through the JSON-LD processor once, with a
 * unique placeholder in every string value (a "slot"), and the quads it gives become the shape's
 * template. For each document, the values are put into the template's slots and RDFC-1.0 runs over
 * the filled-in quads: when every blank node's first-degree hash is unique (nearly always), here
 * (`canonizeSimple`, what rdf-canonize does in that case, on N-Quads text prepared per template);
 * otherwise by rdf-canonize itself. Blank node labels are computed for each document's values, never
 * taken from the template.
 *
 * A slot is only ever one of two kinds, learned from the template run:
 * - a literal: the placeholder came out as the exact value of a literal (the property is not an IRI,
 *   so JSON-LD takes any string as it is);
 * - an IRI: the placeholder came out as the exact IRI of a node. A value goes into such a slot only
 *   when it is an absolute IRI of safe characters whose scheme (and `//` or not) is the same as the
 *   placeholder's, and that is not a term of any bundled context: JSON-LD then keeps it as it is,
 *   as it kept the placeholder. Any other value (a vocabulary term such as "Badge", a relative IRI, a
 *   blank node id) is part of the shape instead, like `type`, `@context`, keys, numbers and booleans.
 * A template whose placeholders come out in any other way (inside another value, or not at all) is
 * not used: such shapes, documents with contexts that are not bundled, and anything the JSON-LD
 * processor refuses go to the reference path. The differential test
 * (test/credentials/fast-lane/differential.test.ts) holds the output to the reference's, byte for byte.
 */

const require = createRequire(import.meta.url);
// The very jsonld and rdf-canonize the cryptosuite uses (its own versions, the same module instances).
const fromSuite = createRequire(require.resolve('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'));
const jsonld = fromSuite('jsonld') as { toRDF(input: unknown, options: Record<string, unknown>): Promise<Quad[]> };
const rdfCanonize = fromSuite('rdf-canonize') as { canonize(dataset: Quad[], options: Record<string, unknown>): Promise<string> };

interface Term {
  termType: 'NamedNode' | 'BlankNode' | 'Literal' | 'DefaultGraph';
  value: string;
  datatype?: Term;
  language?: string;
}
interface Quad {
  subject: Term;
  predicate: Term;
  object: Term;
  graph: Term;
}

/** The options eddsa-rdfc-2022's canonize (lib/canonize.js) gives jsonld.toRDF and rdf-canonize. */
const TO_RDF = { algorithm: 'RDFC-1.0', base: null, safe: true, rdfDirection: 'i18n-datatype', produceGeneralizedRdf: false };
const CANONIZE = { algorithm: 'RDFC-1.0', format: 'application/n-quads', base: null, safe: true };

// Contexts only: a shape whose contexts are not all bundled is not prepared. jsonld-signatures puts
// its own security contexts first, as it does for every signature and verification.
let contextLoader: DocumentLoader | undefined;
const loader = () => (contextLoader ??= jsigs.extendContextLoader(createDocumentLoader()) as DocumentLoader);

/** The reference: the cryptosuite's canonize (JSON-LD → RDF → RDFC-1.0) with a document loader. */
export async function canonizeReference(document: object, documentLoader: DocumentLoader): Promise<string> {
  const dataset = await jsonld.toRDF(document, { ...TO_RDF, documentLoader });
  return rdfCanonize.canonize(dataset, { ...CANONIZE, documentLoader });
}

// ------------------------------------------------------------------ shapes

const MARK = 'x-vaardig-slot';
/** Keys whose string values are always part of the shape. */
const CONSTANT_KEYS = new Set(['type', '@type', '@language', '@direction', '@index', '@vocab', '@base', '@container']);
/** An absolute IRI JSON-LD keeps as it is: scheme, then characters N-Quads never escapes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it must exclude
const SAFE_IRI = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?[^\s\u0000-\u0020\u007f<>"{}|^`\\]*$/;

let termNames: Set<string> | undefined;
/** Every term any bundled context defines (at any depth): a value equal to one is never an IRI slot. */
function bundledTerms(): Set<string> {
  if (termNames) return termNames;
  const names = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        names.add(k);
        visit(v);
      }
  };
  for (const doc of bundledContexts.values()) visit(doc);
  termNames = names;
  return names;
}

/** What the template run made of a string value. */
enum Kind {
  /** A literal's value: any string fits. */
  Literal = 1,
  /** An IRI: absolute, safe IRIs of the placeholder's scheme fit. */
  Iri = 2,
  /** Part of the shape (type, a vocabulary term, a blank node id, used inside another value). */
  Constant = 3,
}

interface Walked {
  /** The structure: keys, array lengths, constants, and `s` for each string value. */
  key: string;
  /** The string values, in walk order. */
  values: string[];
}

const quotedKeys = new Map<string, string>();
/** A key as JSON (memoised: documents of one shape repeat their keys). */
function quoted(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, q);
  }
  return q;
}

/** Keys and structure of a document; string values are collected, everything else is part of the key. */
function walk(document: unknown): Walked | undefined {
  let key = '';
  const values: string[] = [];
  let ok = true;
  const visit = (value: unknown, name: string, depth: number) => {
    if (depth > 64) {
      ok = false;
      return;
    }
    if (typeof value === 'string') {
      if (CONSTANT_KEYS.has(name)) key += JSON.stringify(value);
      else {
        key += 's';
        values.push(value);
      }
    } else if (Array.isArray(value)) {
      key += '[';
      for (const v of value) {
        visit(v, name, depth + 1);
        key += ',';
      }
      key += ']';
    } else if (value && typeof value === 'object') {
      key += '{';
      for (const k in value) {
        if (!Object.hasOwn(value, k)) continue;
        const v = (value as Record<string, unknown>)[k];
        key += `${quoted(k)}:`;
        if (k === '@context') key += JSON.stringify(v);
        else visit(v, k, depth + 1);
        key += ',';
      }
      key += '}';
    } else if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
      key += `#${JSON.stringify(value)}`;
    } else {
      ok = false; // undefined, functions: not JSON
    }
  };
  visit(document, '', 0);
  return ok ? { key, values } : undefined;
}

/** The document with its string values (in walk order) replaced. */
function fill(document: unknown, replace: (index: number) => string): unknown {
  let i = 0;
  const visit = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return CONSTANT_KEYS.has(key) ? value : replace(i++);
    if (Array.isArray(value)) return value.map((v) => visit(v, key));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = k === '@context' ? v : visit(v, k);
      return out;
    }
    return value;
  };
  return visit(document, '');
}

/**
 * Whether every context of a document (at any depth) is a bundled URL. Embedded context objects
 * are refused: their terms could make a value mean something the bundled contexts' terms do not.
 */
function contextsBundled(document: unknown): boolean {
  const check = (context: unknown): boolean =>
    typeof context === 'string' ? bundledContext(context) !== undefined : Array.isArray(context) ? context.every(check) : false;
  let ok = true;
  const visit = (value: unknown) => {
    if (!ok) return;
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        if (k === '@context') ok &&= check(v);
        else visit(v);
      }
  };
  visit(document);
  return ok;
}

// ------------------------------------------------------------------ templates

type SlotTerm = { slot: number; base: Term };
type TemplateTerm = Term | SlotTerm;
interface Template {
  quads: [TemplateTerm, TemplateTerm, TemplateTerm, TemplateTerm][];
  /** Per quad: whether it could become equal to another one once filled (only those are compared). */
  mayRepeat: boolean[];
  /** The quads as N-Quads pieces (see `pieces`). */
  lines: Piece[][];
  /** Blank node → the lines it is in. */
  blankNodes: Map<string, number[]>;
}

/**
 * A piece of an N-Quads line: constant text, a blank node (its label is filled in per use), or a
 * slot (an IRI `<value>`, or a literal `"escaped value"` and its suffix).
 */
type Piece = string | { bnode: string } | { iri: number } | { literal: number; suffix: string };

const isSlot = (term: TemplateTerm): term is SlotTerm => (term as SlotTerm).slot !== undefined;

/** A bounded map: when full, the oldest entry goes (a shape that keeps being used is made again). */
class Lru<V> {
  private readonly map = new Map<string, V>();
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

/**
 * Per structure: the kind of each string value, learned from a run with placeholders, and its
 * templates by what the shape adds to the structure (IRI forms and constant values). Settled
 * values are kept beside their promises, so that a known shape costs no waiting.
 */
interface Structure {
  pending: Promise<Kind[] | null>;
  kinds?: Kind[] | null;
  templates: Map<string, { pending: Promise<Template | null>; template?: Template | null }>;
}
const structures = new Lru<Structure>(1000);
/** Templates per structure at most (values that keep changing a shape, such as a vocabulary term). */
const TEMPLATES_PER_STRUCTURE = 100;
/**
 * Templates in all at most (≈ 10–20 KB each): beyond it everything is forgotten and made again as
 * needed, so documents of ever new shapes (tampered ones, say) cannot make the memory grow.
 */
const MAX_TEMPLATES = 1000;
let templateCount = 0;

function probePlaceholder(i: number): string {
  return `urn:${MARK}:${i}`;
}

function collectTerms(dataset: Quad[]): Term[] {
  const out: Term[] = [];
  for (const q of dataset) {
    out.push(q.subject, q.predicate, q.object, q.graph);
    if (q.object.datatype) out.push(q.object.datatype);
  }
  return out;
}

/** Runs the placeholder document through JSON-LD and learns what each string value is. */
async function learnKinds(document: unknown, count: number): Promise<Kind[] | null> {
  let dataset: Quad[];
  try {
    dataset = await jsonld.toRDF(
      fill(document, (i) => probePlaceholder(i)),
      { ...TO_RDF, documentLoader: loader() },
    );
  } catch {
    return null;
  }
  const seen: (Kind | 0)[] = new Array(count).fill(0);
  const mixed = new Set<number>();
  const note = (i: number, kind: Kind) => {
    if (seen[i] === 0) seen[i] = kind;
    else if (seen[i] !== kind) mixed.add(i);
  };
  const prefix = `urn:${MARK}:`;
  for (const term of collectTerms(dataset)) {
    const at = term.value.indexOf(MARK);
    if (at < 0) continue;
    const exact = term.value.startsWith(prefix) && /^\d+$/.test(term.value.slice(prefix.length));
    if (!exact) {
      // A placeholder inside another value (a @json literal, a vocabulary-relative IRI…): every
      // value it could be becomes part of the shape.
      for (const m of term.value.matchAll(/urn:x-vaardig-slot:(\d+)/g)) mixed.add(Number(m[1]));
      continue;
    }
    const i = Number(term.value.slice(prefix.length));
    if (term.termType === 'Literal') note(i, Kind.Literal);
    else if (term.termType === 'NamedNode') note(i, Kind.Iri);
    else mixed.add(i);
  }
  return seen.map((kind, i) => (kind === 0 || mixed.has(i) ? Kind.Constant : kind));
}

/** The form of an IRI value: its scheme and whether `//` follows it; null when it is not a safe absolute IRI. */
function iriForm(value: string): string | null {
  const match = SAFE_IRI.exec(value);
  if (!match) return null;
  if (bundledTerms().has(value) || bundledTerms().has(match[1])) return null;
  return match[2] ? `${match[1]}://` : `${match[1]}:`;
}

function placeholder(kind: Kind, form: string | null, i: number): string {
  if (kind === Kind.Literal) return `${MARK}-${i}`;
  return form?.endsWith('//') ? `${form}${MARK}/${i}` : `${form}${MARK}:${i}`;
}

async function buildTemplate(document: unknown, values: string[], kinds: Kind[], forms: (string | null)[]): Promise<Template | null> {
  const names = new Map<string, number>();
  const filled = fill(document, (i) => {
    if (kinds[i] === Kind.Constant || (kinds[i] === Kind.Iri && forms[i] === null)) return values[i];
    const name = placeholder(kinds[i], forms[i], i);
    names.set(name, i);
    return name;
  });
  let dataset: Quad[];
  try {
    dataset = await jsonld.toRDF(filled, { ...TO_RDF, documentLoader: loader() });
  } catch {
    return null;
  }
  const used = new Set<number>();
  const template = (term: Term): TemplateTerm | null => {
    if (!term.value.includes(MARK) && !term.datatype?.value.includes(MARK)) return term;
    const i = names.get(term.value);
    if (i === undefined) return null;
    const wanted = kinds[i] === Kind.Literal ? 'Literal' : 'NamedNode';
    if (term.termType !== wanted || term.datatype?.value.includes(MARK)) return null;
    used.add(i);
    return { slot: i, base: term };
  };
  const quads: Template['quads'] = [];
  for (const q of dataset) {
    const terms = [template(q.subject), template(q.predicate), template(q.object), template(q.graph)];
    if (terms.some((t) => t === null)) return null;
    quads.push(terms as Template['quads'][number]);
  }
  // Every slot must have come out: a value that leaves no trace is not understood.
  for (const i of names.values()) if (!used.has(i)) return null;
  if (quads.some(([, p]) => !isSlot(p) && p.termType !== 'NamedNode')) return null;
  const lines = quads.map(pieces);
  // Blank node → the lines it is in (each once), in the order rdf-canonize meets them.
  const blankNodes = new Map<string, number[]>();
  for (const [i, line] of lines.entries())
    for (const piece of line)
      if (typeof piece !== 'string' && 'bnode' in piece) {
        const list = blankNodes.get(piece.bnode);
        if (!list) blankNodes.set(piece.bnode, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
  return { quads, mayRepeat: repeatable(quads), lines, blankNodes };
}

// rdf-canonize's N-Quads escapes (lib/NQuads.js), for the same bytes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: N-Quads escapes control characters
const LITERAL_ESCAPE = /[\u0000-\u001F\u007F"\\]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: N-Quads escapes control characters
const IRI_ESCAPE = /[\u0000-\u0020<>"{}|^`\\]/g;
const LITERAL_ECHAR: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
const uchar = (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
const escapeLiteral = (value: string) => value.replace(LITERAL_ESCAPE, (c) => LITERAL_ECHAR[c] ?? uchar(c));
const escapeIri = (value: string) => value.replace(IRI_ESCAPE, uchar);
const RDF_LANGSTRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

function literalSuffix(term: Term): string {
  if (term.datatype?.value === RDF_LANGSTRING) return term.language ? `@${term.language}` : '';
  return term.datatype?.value !== XSD_STRING ? `^^<${escapeIri(term.datatype?.value ?? '')}>` : '';
}

/** A template quad as the pieces of its N-Quads line (NQuads.serializeQuadComponents). */
function pieces(quad: Template['quads'][number]): Piece[] {
  const out: Piece[] = [];
  const term = (t: TemplateTerm) => {
    if (isSlot(t)) out.push(t.base.termType === 'Literal' ? { literal: t.slot, suffix: literalSuffix(t.base) } : { iri: t.slot });
    else if (t.termType === 'BlankNode') out.push({ bnode: t.value });
    else if (t.termType === 'NamedNode') out.push(`<${escapeIri(t.value)}>`);
    else out.push(`"${escapeLiteral(t.value)}"${literalSuffix(t)}`);
  };
  const [subject, predicate, object, graph] = quad;
  term(subject);
  out.push(' ');
  term(predicate);
  out.push(' ');
  term(object);
  if (isSlot(graph) || graph.termType !== 'DefaultGraph') {
    out.push(' ');
    term(graph);
  }
  out.push(' .\n');
  return out;
}

/**
 * RDFC-1.0 as rdf-canonize does it, for the case that needs no more than first-degree hashes:
 * every blank node's hash of its quads (itself `_:a`, others `_:z`, lines sorted) is unique, and the
 * canonical labels follow the hashes' order. Undefined when two blank nodes hash alike (then
 * rdf-canonize takes the dataset and goes the long way).
 */
function canonizeSimple(template: Template, values: string[]): string | undefined {
  const { lines, mayRepeat, blankNodes } = template;
  // Each line filled in: its text between blank nodes (one string when it has none).
  const texts: string[][] = new Array(lines.length);
  let removed: Set<number> | undefined;
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const parts: string[] = [];
    let text = '';
    for (const piece of lines[i]) {
      if (typeof piece === 'string') text += piece;
      else if ('iri' in piece) text += `<${values[piece.iri]}>`;
      else if ('literal' in piece) text += `"${escapeLiteral(values[piece.literal])}"${piece.suffix}`;
      else {
        parts.push(text);
        text = '';
      }
    }
    parts.push(text);
    texts[i] = parts;
    if (mayRepeat[i]) {
      // Two nodes with the same IRI are one node: jsonld merges them, and their quads are a set.
      const key = joinLine(parts, lines[i], (b) => b);
      if (seen.has(key)) (removed ??= new Set()).add(i);
      else seen.add(key);
    }
  }
  const canonical = new Map<string, string>();
  if (blankNodes.size > 0) {
    const byHash = new Map<string, string>();
    for (const [id, indexes] of blankNodes) {
      const nquads: string[] = [];
      for (const i of indexes) if (!removed?.has(i)) nquads.push(joinLine(texts[i], lines[i], (b) => (b === id ? 'a' : 'z')));
      if (nquads.length === 0) continue;
      nquads.sort();
      const hash = createHash('sha256');
      for (const q of nquads) hash.update(q, 'utf8');
      const digest = hash.digest('hex');
      if (byHash.has(digest)) return undefined;
      byHash.set(digest, id);
    }
    const hashes = [...byHash.keys()].sort();
    for (let i = 0; i < hashes.length; i++) canonical.set(byHash.get(hashes[i]) as string, `c14n${i}`);
  }
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (removed?.has(i)) continue;
    const parts = texts[i];
    out.push(parts.length === 1 ? parts[0] : joinLine(parts, lines[i], (b) => canonical.get(b) as string));
  }
  out.sort();
  return out.join('');
}

/** A line's text with its blank nodes labelled. */
function joinLine(parts: string[], pieces: Piece[], label: (bnode: string) => string): string {
  if (parts.length === 1) return parts[0];
  let out = parts[0];
  let k = 1;
  for (const piece of pieces)
    if (typeof piece !== 'string' && 'bnode' in piece) {
      out += `_:${label(piece.bnode)}${parts[k]}`;
      k++;
    }
  return out;
}

/** Whether two template terms could be the same term once filled. */
function unifiable(a: TemplateTerm, b: TemplateTerm): boolean {
  const ta = isSlot(a) ? a.base : a;
  const tb = isSlot(b) ? b.base : b;
  if (ta.termType !== tb.termType) return false;
  if (ta.termType === 'Literal' && (ta.datatype?.value !== tb.datatype?.value || ta.language !== tb.language)) return false;
  if (isSlot(a) || isSlot(b)) return true;
  // Blank nodes keep their labels: the same label is the same node.
  return ta.value === tb.value;
}

/**
 * Which quads could become equal to another once filled: those with a slot that a quad of the same
 * form shares. (JSON-LD gives no duplicates, so two quads without slots never are equal.)
 */
function repeatable(quads: Template['quads']): boolean[] {
  const out = quads.map(() => false);
  for (let i = 0; i < quads.length; i++) {
    if (!quads[i].some(isSlot)) continue;
    for (let j = 0; j < quads.length; j++) {
      if (i === j) continue;
      if (quads[i].every((term, k) => unifiable(term, quads[j][k]))) {
        out[i] = true;
        out[j] = true;
      }
    }
  }
  return out;
}

function termKey(t: Term): string {
  return t.termType === 'Literal' ? `L${t.value}\u0000${t.datatype?.value ?? ''}\u0000${t.language ?? ''}` : `${t.termType[0]}${t.value}`;
}

/** The dataset of a document: the template with its values filled in. */
function fillTemplate(template: Template, values: string[]): Quad[] {
  const term = (t: TemplateTerm): Term => (isSlot(t) ? { ...t.base, value: values[t.slot] } : t);
  const dataset: Quad[] = [];
  const seen = new Set<string>();
  const { quads, mayRepeat } = template;
  for (let i = 0; i < quads.length; i++) {
    const [s, p, o, g] = quads[i];
    const quad = { subject: term(s), predicate: term(p), object: term(o), graph: term(g) };
    if (mayRepeat[i]) {
      // Two nodes with the same IRI are one node: jsonld merges them, and their quads are a set.
      const key = `${termKey(quad.subject)}\u0001${termKey(quad.predicate)}\u0001${termKey(quad.object)}\u0001${termKey(quad.graph)}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    dataset.push(quad);
  }
  return dataset;
}

export interface PreparedOptions {
  /** Prepare a template for a shape not seen before (default true). False: only use templates already made. */
  learn?: boolean;
}

/** Counters for tests and benchmarks. */
export const preparedStats = { hits: 0, built: 0, refused: 0, simple: 0, deep: 0 };

/**
 * The canonical N-Quads of `document` from its shape's template, or undefined when the shape
 * cannot be prepared (the caller then takes the reference path). Never a different result than
 * `canonizeReference` with a loader that serves the bundled contexts.
 */
export async function canonizePrepared(document: object, options: PreparedOptions = {}): Promise<string | undefined> {
  const walked = walk(document);
  if (!walked) return undefined;
  let structure = structures.get(walked.key);
  if (!structure) {
    if (options.learn === false) return undefined;
    const pending = contextsBundled(document) ? learnKinds(document, walked.values.length) : Promise.resolve(null);
    const created: Structure = { pending, templates: new Map() };
    pending.then((kinds) => (created.kinds = kinds));
    structures.set(walked.key, created);
    structure = created;
  }
  const kinds = structure.kinds !== undefined ? structure.kinds : await structure.pending;
  if (!kinds) {
    preparedStats.refused++;
    return undefined;
  }
  const { values } = walked;
  const forms: (string | null)[] = new Array(values.length);
  let shape = '';
  for (let i = 0; i < values.length; i++) {
    const kind = kinds[i];
    if (kind === Kind.Literal) {
      forms[i] = null;
      continue;
    }
    if (kind === Kind.Iri) {
      const form = iriForm(values[i]);
      forms[i] = form;
      shape += form ? `|${i}${form}` : `|${i}=${JSON.stringify(values[i])}`;
    } else {
      forms[i] = null;
      shape += `|${i}=${JSON.stringify(values[i])}`;
    }
  }
  let entry = structure.templates.get(shape);
  if (!entry) {
    if (options.learn === false) return undefined;
    if (templateCount >= MAX_TEMPLATES) {
      structures.clear();
      structures.set(walked.key, structure);
      templateCount = 0;
    }
    if (structure.templates.size >= TEMPLATES_PER_STRUCTURE) {
      templateCount -= structure.templates.size;
      structure.templates.clear();
    }
    templateCount++;
    const created: { pending: Promise<Template | null>; template?: Template | null } = {
      pending: buildTemplate(document, values, kinds, forms),
    };
    created.pending.then((template) => (created.template = template));
    structure.templates.set(shape, created);
    entry = created;
    preparedStats.built++;
  }
  const template = entry.template !== undefined ? entry.template : await entry.pending;
  if (!template) {
    preparedStats.refused++;
    return undefined;
  }
  preparedStats.hits++;
  const simple = canonizeSimple(template, values);
  if (simple !== undefined) {
    preparedStats.simple++;
    return simple;
  }
  preparedStats.deep++;
  return rdfCanonize.canonize(fillTemplate(template, values), { ...CANONIZE });
}

/** Forgets every template (tests). */
export function clearPrepared(): void {
  structures.clear();
  templateCount = 0;
}
