import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { makeOrg, makeUser } from '../../skills/library/helpers.ts';

/**
 * Malformed multipart bodies answer 400/415 with a problem naming the body (mapped once in
 * src/platform/http/problem.ts), on every multipart route: the verifier's upload and the skills import.
 */
const B = 'XyZboundary';
const part = `--${B}\r\ncontent-disposition: form-data; name="file"; filename="a.json"\r\ncontent-type: application/json\r\n\r\n{"a":1}`;
const cases: [string, string, string, number][] = [
  ['no boundary', 'multipart/form-data', `${part}\r\n--${B}--\r\n`, 415],
  ['wrong boundary', 'multipart/form-data; boundary=another', `${part}\r\n--${B}--\r\n`, 400],
  ['truncated', `multipart/form-data; boundary=${B}`, `--${B}\r\ncontent-disposition: form-da`, 400],
  ['no closing delimiter', `multipart/form-data; boundary=${B}`, part, 400],
];

describeEachDatabase('malformed multipart bodies', (ctx) => {
  let app: FastifyInstance;
  let headers: Record<string, string>;
  let org: string;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    const curator = await makeUser(ctx(), 'Mia Multipart');
    org = await makeOrg(ctx(), 'Multipart BV', [[curator, 'admin']]);
    headers = { authorization: `Bearer ${curator.token}` };
  });
  afterAll(async () => {
    await app?.close();
  });

  for (const [label, type, body, status] of cases) {
    it(`${label}: ${status} naming the body on /api/v1/verify/upload and /api/v1/skills/import`, async () => {
      for (const url of ['/api/v1/verify/upload', `/api/v1/skills/import?organisationId=${org}`]) {
        const res = await app.inject({ method: 'POST', url, payload: body, headers: { ...headers, 'content-type': type } });
        expect(res.statusCode, `${url} ${res.body}`).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ status, field: 'body', detail: expect.stringMatching(/multipart/i) });
      }
    });
  }
});
