import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { extractionIndex, extractSkills, forgetIndex } from '../../../src/labour-market/extraction/service.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { insertEscoSkills, makeUser } from '../../skills/library/helpers.ts';

/**
 * The extraction service on a real database: the library read through the skills api, the
 * Dutch–English lexicon learnt by the search from the occupations' parallel labels, the index
 * refreshed when the library changes, and `POST /api/v1/extract` (authentication, bad input).
 */

import { FORKLIFT, ESCO, seedLibrary } from './library.ts';

describeEachDatabase('skill extraction on the library', (ctx) => {
  let app: FastifyInstance;
  let token: string;

  beforeAll(async () => {
    await seedLibrary(ctx());
    token = (await makeUser(ctx(), 'Analyst')).token;
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('finds an English-only skill in Dutch text through the lexicon the search learnt from the occupations', async () => {
    const text = 'Je rijdt dagelijks op de heftruck.';
    const { rows } = await sql<{ en: string }>`select en from search_lexicon where nl = 'heftruck'`.execute(ctx().db);
    expect(rows.map((r) => r.en)).toEqual(['forklift']);
    const result = await extractSkills(ctx(), text, { lang: 'nl', minScore: 0.1 });
    const forklift = result.skills.find((s) => s.esco === FORKLIFT);
    expect(forklift).toBeDefined();
    expect(forklift!.label).toBe('operate forklift');
    expect(forklift!.spans.map(([a, b]) => text.slice(a, b))).toEqual(['heftruck']);
    expect(forklift!.reason.via).toEqual(['lexicon:forklift']);
    expect(forklift!.uri).toMatch(/^http:\/\/vaardig\.test\/skills\/[0-9a-f-]{36}$/);
  });

  it('rebuilds the index when the library changes (checked at most every 30 s)', async () => {
    forgetIndex(ctx().db);
    const before = await extractionIndex(ctx());
    expect(before.skills.some((s) => s.name.en === 'use welding equipment')).toBe(false);
    await insertEscoSkills(ctx(), [{ uri: `${ESCO}welding`, name: { en: 'use welding equipment' } }]);
    // Within the interval the index stays as it is; after it, a background rebuild takes the new skill.
    expect(await extractionIndex(ctx())).toBe(before);
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + 31_000);
    try {
      await extractionIndex(ctx());
      await vi.waitFor(
        async () => {
          const index = await extractionIndex(ctx());
          expect(index.skills.some((s) => s.name.en === 'use welding equipment')).toBe(true);
        },
        { timeout: 20_000, interval: 100 },
      );
    } finally {
      clock.mockRestore();
    }
    const found = await extractSkills(ctx(), 'You will use welding equipment every day.', { lang: 'en' });
    expect(found.skills[0]).toMatchObject({ esco: `${ESCO}welding` });
  });

  it('POST /api/v1/extract: a text, or items answered in order, for a signed-in caller or an API token', async () => {
    const one = await app.inject({
      method: 'POST',
      url: '/api/v1/extract',
      headers: { authorization: `Bearer ${token}` },
      payload: { text: 'Als heftruckchauffeur rijd je op de heftruck.', lang: 'nl' },
    });
    expect(one.statusCode).toBe(200);
    const body = one.json();
    expect(body.lang).toBe('nl');
    expect(body.skills[0]).toMatchObject({ esco: FORKLIFT, label: 'operate forklift' });
    expect(body.skills[0].reason).toMatchObject({ occupation: 'heftruckchauffeur' });
    expect(body.occupations[0]).toMatchObject({ esco: 'http://data.europa.eu/esco/occupation/forklift-operator' });

    const many = await app.inject({
      method: 'POST',
      url: '/api/v1/extract',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        items: [
          { id: 'a', text: 'You work in teams.' },
          { id: 2, text: 'Nothing to see here.' },
          { id: 'c', text: 'Je werkt graag in teams.' },
        ],
        limit: 1,
      },
    });
    expect(many.statusCode).toBe(200);
    const items = many.json().items;
    expect(items.map((i: { id: unknown }) => i.id)).toEqual(['a', 2, 'c']);
    expect(items[0].skills.map((s: { label: string }) => s.label)).toEqual(['work in teams']);
    expect(items[1].skills).toEqual([]);
    expect(items[2]).toMatchObject({ lang: 'nl', skills: [{ label: 'in teams werken' }] });
  });

  it('POST /api/v1/extract refuses callers without a session or token (401), before reading the body', async () => {
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/extract', payload: { text: 'x' } });
    expect(anonymous.statusCode).toBe(401);
    const junk = await app.inject({ method: 'POST', url: '/api/v1/extract', payload: { nonsense: true } });
    expect(junk.statusCode).toBe(401);
    const badToken = await app.inject({
      method: 'POST',
      url: '/api/v1/extract',
      headers: { authorization: 'Bearer vdg_not-a-token' },
      payload: { text: 'x' },
    });
    expect(badToken.statusCode).toBe(401);
  });

  it('POST /api/v1/extract answers bad input with a 400 naming the field', async () => {
    const post = (payload: unknown) =>
      app.inject({ method: 'POST', url: '/api/v1/extract', headers: { authorization: `Bearer ${token}` }, payload: payload as object });
    const cases: [unknown, string][] = [
      [{}, 'text'],
      [{ text: 'a', items: [{ id: 1, text: 'b' }] }, 'text'],
      [{ text: 42 }, 'text'],
      [{ text: 'x'.repeat(100_001) }, 'text'],
      [{ text: 'a', lang: 'fr' }, 'lang'],
      [{ text: 'a', limit: 0 }, 'limit'],
      [{ text: 'a', limit: 101 }, 'limit'],
      [{ text: 'a', minScore: 2 }, 'minScore'],
      [{ text: 'a', extra: 1 }, 'extra'],
      [{ items: [] }, 'items'],
      [{ items: [{ id: 1 }] }, 'text'],
    ];
    for (const [payload, field] of cases) {
      const response = await post(payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(JSON.stringify(response.json()), JSON.stringify(payload).slice(0, 80)).toContain(field);
    }
  });
});
