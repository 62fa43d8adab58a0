import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PlatformErrors } from '../errors.ts';

/**
 * U+0000 never means anything in Vaardig's input, and PostgreSQL refuses it in text ("invalid byte
 * sequence … 0x00"), so a `%00` that reaches a query is a 500. This guard refuses it at the edge, once
 * for every route: in the path and its parameters, the query string and every string (and key) of a
 * parsed JSON or form body, and in the fields of a multipart body as a handler reads them. The answer
 * is a 400 naming the field (`platform:errors.nulCharacter`), before any handler or database sees it.
 * Raw bodies (files, buffers) are not looked at: they may be binary, and their parsers check them.
 */

const NUL = '\u0000';

/** Shown instead of a NUL in a field name (a NUL in a key is named, not echoed). */
function printable(key: string): string {
  return key.split(NUL).join('\\u0000');
}

/**
 * The path (`a.b.0.c`) of the first string or key holding U+0000 in a parsed value, or null.
 * Walks with its own stack, so a deeply nested body cannot overflow the call stack; the work is
 * bounded by the body size limit.
 */
export function findNul(value: unknown, prefix = ''): string | null {
  const stack: [unknown, string][] = [[value, prefix]];
  while (stack.length) {
    const [current, path] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (current.includes(NUL)) return path;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], path ? `${path}.${i}` : String(i)]);
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current) && !ArrayBuffer.isView(current)) {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i];
        const at = path ? `${path}.${printable(key)}` : printable(key);
        if (key.includes(NUL)) return at;
        stack.push([inner, at]);
      }
    }
  }
  return null;
}

/** The raw path of the request (before `?`), with `%00` or a literal NUL in it. */
function pathHasNul(url: string): boolean {
  const path = url.split('?', 1)[0];
  return path.includes(NUL) || /%00/i.test(path);
}

interface MultipartPart {
  type: 'file' | 'field';
  fieldname: string;
  filename?: string;
  value?: unknown;
  fields?: Record<string, unknown>;
}

function checkPart(part: MultipartPart): void {
  const name = printable(part.fieldname ?? '');
  if (part.fieldname?.includes(NUL)) throw PlatformErrors.nulCharacter(name);
  if (part.type === 'file' && part.filename?.includes(NUL)) throw PlatformErrors.nulCharacter(name);
  if (part.type === 'field' && typeof part.value === 'string' && part.value.includes(NUL)) throw PlatformErrors.nulCharacter(name);
}

/** Makes `request.parts()` and `request.file()` refuse a field holding U+0000 as the handler reads it. */
function guardMultipart(request: FastifyRequest): void {
  const parts = request.parts.bind(request);
  const file = request.file.bind(request);
  request.parts = ((options?: Parameters<typeof parts>[0]) => {
    const inner = parts(options);
    return (async function* () {
      for await (const part of inner) {
        checkPart(part as MultipartPart);
        yield part;
      }
    })();
  }) as typeof request.parts;
  request.file = (async (options?: Parameters<typeof file>[0]) => {
    const found = await file(options);
    if (found) {
      checkPart(found as unknown as MultipartPart);
      // The fields before the file, as @fastify/multipart collected them.
      for (const [name, field] of Object.entries((found.fields ?? {}) as Record<string, unknown>)) {
        for (const one of Array.isArray(field) ? field : [field]) {
          if (one && typeof one === 'object' && 'fieldname' in one) checkPart(one as MultipartPart);
          else if (name.includes(NUL)) throw PlatformErrors.nulCharacter(printable(name));
        }
      }
    }
    return found;
  }) as typeof request.file;
}

/** Registers the guard for every route (and the not-found handler) of the app. */
export function registerNulGuard(app: FastifyInstance): void {
  // preValidation: after the body is parsed, before schema validation, CSRF, handlers and the database.
  app.addHook('preValidation', async (request) => {
    const params = findNul(request.params);
    if (params !== null) throw PlatformErrors.nulCharacter(params || 'path');
    if (pathHasNul(request.url)) throw PlatformErrors.nulCharacter('path');
    const query = findNul(request.query);
    if (query !== null) throw PlatformErrors.nulCharacter(query || 'query');
    const body = findNul(request.body);
    if (body !== null) throw PlatformErrors.nulCharacter(body || 'body');
    if (typeof request.isMultipart === 'function' && request.isMultipart()) guardMultipart(request);
  });
}
