import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormatsImport from 'ajv-formats';
import type { Check, CheckDetail } from './types.ts';

const addFormats = addFormatsImport as unknown as (ajv: Ajv2019) => Ajv2019;

export const SCHEMA_FILE = 'ob3/schema/ob_v3p0_achievementcredential_schema.json';

/**
 * Where the 1EdTech OB 3.0 EndorsementCredential JSON Schema is published: what
 * @digitalcredentials/verifier-core fetches for an EndorsementCredential (VC 2.0) that names no
 * `credentialSchema`. Bundled here (schemas/README.md says how it was made) and never fetched.
 */
export const OB_ENDORSEMENT_SCHEMA_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json';
export const ENDORSEMENT_SCHEMA_PATH = fileURLToPath(new URL('./schemas/ob_v3p0_endorsementcredential_schema.json', import.meta.url));

const BUNDLED_SCHEMAS: Record<string, string> = { [OB_ENDORSEMENT_SCHEMA_URL]: ENDORSEMENT_SCHEMA_PATH };
const bundledText = new Map<string, string>();

/** The text of a JSON Schema this module bundles, by its published URL; undefined for any other URL. */
export function bundledSchema(url: string): string | undefined {
  const path = Object.hasOwn(BUNDLED_SCHEMAS, url) ? BUNDLED_SCHEMAS[url] : undefined;
  if (!path) return undefined;
  let text = bundledText.get(path);
  if (text === undefined) {
    text = readFileSync(path, 'utf8');
    bundledText.set(path, text);
  }
  return text;
}

type Kind = 'achievement' | 'endorsement';
/** A schema file that cannot be used: the reason, in the English of the compiler. */
class SchemaUnusable extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`The OB 3.0 JSON Schema at ${path} cannot be used: ${reason}`);
  }
}

const compiled = new Map<string, ValidateFunction | SchemaUnusable>();

/**
 * The validator of a schema file, compiled once. No `loadSchema` is given, so Ajv never fetches:
 * a `$ref` outside the file is an error, reported as a skipped check.
 */
function validatorFor(path: string): ValidateFunction | SchemaUnusable {
  let entry = compiled.get(path);
  if (!entry) {
    try {
      const ajv = addFormats(new Ajv2019({ allErrors: true, strict: false }));
      entry = ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
    } catch (error) {
      entry = new SchemaUnusable(path, (error as Error).message);
    }
    compiled.set(path, entry);
  }
  return entry;
}

function kindOf(credential: Record<string, unknown>): Kind | null {
  const types = ([] as unknown[]).concat(credential.type ?? []);
  if (types.includes('OpenBadgeCredential') || types.includes('AchievementCredential')) return 'achievement';
  if (types.includes('EndorsementCredential')) return 'endorsement';
  return null;
}

/**
 * The `schema` check, offline: an AchievementCredential against the 1EdTech OB 3.0
 * AchievementCredential JSON Schema (draft 2019-09) from the data folder (`<dataDir>/ob3/schema`;
 * a missing file makes the check 'skipped'), an EndorsementCredential against the bundled 1EdTech
 * EndorsementCredential schema (schemas/). Schemas named in `credentialSchema` are never fetched.
 * A single-object `proof` is a warning, as the 1EdTech validator treats it; in the VC-JWT form the
 * proof is the JWS itself, so `proof` is not looked at.
 */
export function checkSchema(credential: Record<string, unknown>, dataDir: string | undefined): Check {
  const kind = kindOf(credential);
  if (!kind) {
    return {
      check: 'schema',
      status: 'skipped',
      message: 'Not an OpenBadgeCredential/AchievementCredential or EndorsementCredential: the OB 3.0 schema does not apply',
      code: 'schemaNotApplicable',
    };
  }
  let path = ENDORSEMENT_SCHEMA_PATH;
  if (kind === 'achievement') {
    if (!dataDir)
      return {
        check: 'schema',
        status: 'skipped',
        message: 'No data folder is configured, so the OB 3.0 JSON Schema is not available',
        code: 'schemaNoDataFolder',
      };
    path = join(dataDir, SCHEMA_FILE);
    if (!compiled.has(path) && !existsSync(path))
      return {
        check: 'schema',
        status: 'skipped',
        message: `The OB 3.0 JSON Schema file is missing (${path}); the schema was not checked`,
        code: 'schemaFileMissing',
        params: { path },
      };
  }
  const validate = validatorFor(path);
  if (validate instanceof SchemaUnusable)
    return {
      check: 'schema',
      status: 'skipped',
      message: validate.message,
      code: 'schemaUnusable',
      params: { path: validate.path, reason: validate.reason },
    };
  const what = kind === 'achievement' ? 'AchievementCredential' : 'EndorsementCredential';
  // Single-object proofs (here and in embedded endorsements) become arrays; counted as a warning.
  let singleProof = false;
  const normalise = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(normalise);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === 'proof' && v && typeof v === 'object' && !Array.isArray(v)) {
        singleProof = true;
        out[key] = [normalise(v)];
      } else out[key] = normalise(v);
    }
    return out;
  };
  const copy = normalise(credential);
  if (validate(copy)) {
    return singleProof
      ? {
          check: 'schema',
          status: 'warning',
          message: 'Valid against the OB 3.0 schema, except that "proof" is a single object where the schema expects an array',
          code: 'schemaSingleProof',
        }
      : { check: 'schema', status: 'ok', message: `Valid against the OB 3.0 ${what} JSON Schema`, code: 'schemaValid', params: { what } };
  }
  // Each error coded by the rule it breaks (the reader's language on pages); the English as Ajv words it.
  const all = validate.errors ?? [];
  const details = all.slice(0, 5).map((e): CheckDetail => {
    const path = e.instancePath || '/';
    const message = `${path} ${e.message ?? 'is not valid'}${e.params && 'missingProperty' in e.params ? ` (${String(e.params.missingProperty)})` : ''}`;
    if (e.keyword === 'required' && 'missingProperty' in e.params)
      return { code: 'schemaErrorRequired', params: { path, property: String(e.params.missingProperty) }, message };
    if (e.keyword === 'type' && 'type' in e.params)
      return { code: 'schemaErrorType', params: { path, type: String(e.params.type) }, message };
    return { code: 'schemaErrorOther', params: { path, rule: e.keyword }, message };
  });
  if (all.length > 5) details.push({ code: 'schemaErrorsMore', params: { count: all.length - 5 }, message: `and ${all.length - 5} more` });
  const which = details.map((d) => d.message).join('; ');
  return {
    check: 'schema',
    status: 'failed',
    message: `Not valid against the OB 3.0 schema: ${which}`,
    code: 'schemaInvalid',
    params: { which },
    details,
  };
}
