/**
 * Hostile input for the fuzz targets (targets.ts): strings made of the characters parsers trip on,
 * JSON with the keys the readers look for, deep nesting, XML and HTML skeletons with hostile
 * content, PNG chunks and JWTs. Each generator mixes well-formed skeletons (so the parser gets past
 * its first check) with noise (so it also meets what it never expects).
 */
import fc from 'fast-check';

/** Pieces that break naive parsers: quotes, separators, line ends, NUL, BOM, surrogates, entities, huge numbers. */
export const NASTY = [
  '',
  ' ',
  '"',
  "'",
  ',',
  ';',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '\0',
  '\uFEFF',
  '\uFFFD',
  '\u2028',
  '\\',
  '\\u0000',
  '<',
  '>',
  '&',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '&xxe;',
  ']]>',
  '<!--',
  '{',
  '}',
  '[',
  ']',
  ':',
  '=',
  '#',
  '💥',
  'é',
  '\uD800',
  '%00',
  '../',
  'http://127.0.0.1/',
  'https://example.org/a',
  'javascript:alert(1)',
  '__proto__',
  'constructor',
  'toString',
  'NaN',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999999999',
  'null',
  'true',
  '2026-13-45T25:61:61Z',
  '2026-01-01',
  'a@b.nl',
] as const;

export const nastyPiece = fc.constantFrom(...NASTY);

/** A string of hostile pieces and random characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(nastyPiece, fc.string({ maxLength: 8 })), { maxLength: 12 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

/** Deep nesting of arrays or objects as JSON text, up to 20,000 levels (never balanced sometimes). */
export const deepJsonText: fc.Arbitrary<string> = fc
  .record({ depth: fc.integer({ min: 1, max: 20_000 }), kind: fc.constantFrom('array', 'object', 'mixed'), closed: fc.boolean() })
  .map(({ depth, kind, closed }) => {
    const open = kind === 'array' ? '[' : kind === 'object' ? '{"a":' : '{"a":[';
    const close = kind === 'array' ? ']' : kind === 'object' ? '}' : ']}';
    return `${open.repeat(depth)}1${closed ? close.repeat(depth) : ''}`;
  });

/** Deep nesting as a value (arrays in arrays), built without recursion. */
export function deepValue(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/**
 * JSON text of a value, written without recursion (JSON.stringify overflows the stack of a worker
 * thread on a value nested 10,000 deep). `undefined` in an object is left out, elsewhere it is null.
 */
export function toJsonText(value: unknown): string {
  class Raw {
    constructor(readonly text: string) {}
  }
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (item instanceof Raw) out.push(item.text);
    else if (Array.isArray(item)) {
      out.push('[');
      stack.push(new Raw(']'));
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(item[i] === undefined ? null : item[i]);
        if (i > 0) stack.push(new Raw(','));
      }
    } else if (typeof item === 'object' && item !== null) {
      const entries = Object.entries(item).filter(([, v]) => v !== undefined);
      out.push('{');
      stack.push(new Raw('}'));
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push(entries[i][1]);
        stack.push(new Raw(`${i > 0 ? ',' : ''}${JSON.stringify(entries[i][0])}:`));
      }
    } else out.push(JSON.stringify(item ?? null) ?? 'null');
  }
  return out.join('');
}

/** JSON values whose object keys are often ones the reader looks for. */
export function jsonWithKeys(keys: readonly string[], maxDepth = 4): fc.Arbitrary<unknown> {
  const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: hostileString });
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      hostileString,
      fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER),
      fc.integer(),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 6, noNullPrototype: true }),
    ),
  }));
  return value;
}

/** Text of a JSON document: mostly of `jsonWithKeys`, sometimes broken or deeply nested. */
export function jsonText(keys: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: jsonWithKeys(keys).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: jsonWithKeys(keys).map((v) => (JSON.stringify(v) ?? '').slice(0, -1)) },
    { weight: 1, arbitrary: deepJsonText },
    { weight: 1, arbitrary: hostileString },
  );
}

/** CSV text: a header (often of the known columns) and rows of hostile cells. */
export function csvText(columns: readonly string[]): fc.Arbitrary<string> {
  const cell = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 10 }) },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: hostileString.map((s) => `"${s.replace(/"/g, '""')}"`) },
  );
  const header = fc.oneof(
    { weight: 3, arbitrary: fc.shuffledSubarray([...columns], { minLength: 1 }) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...columns), hostileString), { maxLength: 6 }) },
  );
  return fc
    .record({
      bom: fc.boolean(),
      separator: fc.constantFrom(',', ';', '\t'),
      newline: fc.constantFrom('\n', '\r\n', '\r'),
      header,
      rows: fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 8 }),
    })
    .map(
      ({ bom, separator, newline, header, rows }) =>
        `${bom ? '\uFEFF' : ''}${[header, ...rows].map((r) => r.join(separator)).join(newline)}${newline}`,
    );
}

/** An XML or HTML element tree of the given names, with hostile text and attributes. */
export function markup(names: readonly string[], maxDepth = 4): fc.Arbitrary<string> {
  const name = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...names) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9:-]{0,8}$/) },
  );
  const text = hostileString.map((s) => s);
  const { node } = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      text,
      fc
        .record({
          name,
          attrs: fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z-]{0,6}$/), hostileString), { maxLength: 3 }),
          children: fc.array(tie('node'), { maxLength: 4 }),
          closed: fc.boolean(),
        })
        .map(
          ({ name, attrs, children, closed }) =>
            `<${name}${attrs.map(([k, v]) => ` ${k}="${v.replace(/"/g, '&quot;')}"`).join('')}>${children.join('')}${closed ? `</${name}>` : ''}`,
        ),
      fc.constantFrom('<![CDATA[x]]>', '<!-- c -->', '<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY e "e">]>', '&e;', '&#x1F4A5;'),
    ),
  }));
  return node;
}

/** Base64url of a string (no padding). */
export const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** A compact JWS: header and payload of JSON (often with the keys the verifier reads), a random signature. */
export function jwtText(payloadKeys: readonly string[]): fc.Arbitrary<string> {
  const header = fc.oneof(
    fc.constant({ alg: 'EdDSA', kid: 'did:web:example.org#key-1' }),
    fc.constant({ alg: 'RS256' }),
    fc.constant({ alg: 'none' }),
    jsonWithKeys(['alg', 'kid', 'typ', 'jwk', 'crit', 'b64'], 2),
  );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(header, jsonWithKeys(payloadKeys), fc.uint8Array({ maxLength: 64 }))
        .map(([h, p, s]) => [b64url(JSON.stringify(h) ?? ''), b64url(JSON.stringify(p) ?? ''), b64url(Buffer.from(s))].join('.')),
    },
    { weight: 1, arbitrary: fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{0,30}$/), { minLength: 3, maxLength: 3 }).map((p) => p.join('.')) },
  );
}

/** CRC-32 of PNG chunks (the bytes of type and data). */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer, goodCrc: boolean): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(goodCrc ? crc32(body) : (crc32(body) ^ 1) >>> 0);
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG files: the signature, chunks (iTXt/tEXt with the badge keywords, IHDR, IEND, random), good or bad CRCs, cut short sometimes. */
export function pngBytes(payload: fc.Arbitrary<string>): fc.Arbitrary<Uint8Array> {
  const itxt = fc
    .record({
      keyword: fc.constantFrom('openbadgecredential', 'openbadges', 'other', ''),
      compressed: fc.constantFrom(0, 1, 2),
      text: payload,
      junk: fc.uint8Array({ maxLength: 4 }),
    })
    .map(({ keyword, compressed, text, junk }) =>
      Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, compressed, 0, 0, 0]), Buffer.from(junk), Buffer.from(text)]),
    );
  const oneChunk = fc.oneof(
    fc.tuple(fc.constantFrom('iTXt', 'tEXt', 'zTXt'), itxt, fc.boolean()),
    fc.tuple(fc.constantFrom('IHDR', 'IDAT', 'IEND', 'abcd'), fc.uint8Array({ maxLength: 32 }).map(Buffer.from), fc.boolean()),
  );
  return fc
    .record({
      chunks: fc.array(oneChunk, { maxLength: 5 }),
      cut: fc.option(fc.nat({ max: 200 })),
      lengthLie: fc.option(fc.constantFrom(0xffffffff, 0x7fffffff, 1 << 30)),
    })
    .map(({ chunks, cut, lengthLie }) => {
      const parts = [PNG_SIGNATURE, ...chunks.map(([type, data, good]) => chunk(type, data, good))];
      let bytes = Buffer.concat(parts);
      if (lengthLie !== null && bytes.length > 12) bytes.writeUInt32BE(lengthLie >>> 0, 8);
      if (cut !== null) bytes = bytes.subarray(0, Math.min(bytes.length, 8 + cut));
      return new Uint8Array(bytes);
    });
}

/** SVG files with a baked credential (OB 3.0 or 2.0 form) or noise where it would be. */
export function svgText(payload: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .record({
      ns: fc.constantFrom('https://purl.imsglobal.org/ob/v3p0', 'https://openbadges.org', 'http://www.w3.org/2000/svg'),
      element: fc.constantFrom('openbadges:credential', 'openbadges:assertion', 'credential', 'x:credential'),
      payload,
      cdata: fc.boolean(),
      verify: fc.option(hostileString),
      doctype: fc.boolean(),
      extra: markup(['g', 'rect', 'text', 'openbadges:credential'], 2),
    })
    .map(
      ({ ns, element, payload, cdata, verify, doctype, extra }) =>
        `${doctype ? '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' : ''}<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="${ns}">${extra}<${element}${
          verify === null ? '' : ` verify="${verify.replace(/"/g, '&quot;')}"`
        }>${cdata ? `<![CDATA[${payload}]]>` : payload.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${element}></svg>`,
    );
}
