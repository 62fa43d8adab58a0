// An issuer's uploaded SVG badge image is served from this site (/achievement-images/…, and baked
// into /credentials/<id>/badge.svg). Opened on its own, an SVG runs its script with the site's
// cookies, so an upload with script in it (not only <script>: event handlers, javascript:
// addresses, foreignObject) is refused naming the field, and both answers carry a sandboxing
// content security policy.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it, test } from 'vitest';
import { createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { sniffImage } from '../../../src/credentials/issuing/images.ts';
import { issueCredential } from '../../../src/credentials/issuing/issue.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { organisationWith, person } from './helpers.ts';

const svg = (inner: string, attributes = '') =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"${attributes}>${inner}</svg>`,
  );

const HOSTILE = [
  svg('<script>alert(1)</script>'),
  svg('<circle r="5"/>', ' onload="alert(1)"'),
  svg('<circle r="5" ONMOUSEOVER = "alert(1)"/>'),
  svg('<a href="javascript:alert(1)"><circle r="5"/></a>'),
  svg('<a xlink:href=" JavaScript :alert(1)"><circle r="5"/></a>'),
  svg('<a href="&#106;avascript:alert(1)"><circle r="5"/></a>'),
  svg('<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="/"></iframe></foreignObject>'),
];

test('an SVG with script in it is not taken as an image; a plain one is', () => {
  for (const data of HOSTILE) expect(sniffImage(data), data.toString()).toBeNull();
  expect(sniffImage(svg('<circle r="5" fill="#1f5fa8"/><text>Veilig online</text>'))).toBe('image/svg+xml');
  expect(sniffImage(svg('<a href="https://example.org/"><circle r="5"/></a>'))).toBe('image/svg+xml');
});

describeEachDatabase('issuing: uploaded SVG images', (ctx, kind) => {
  let app: FastifyInstance;
  const slug = `svg-${kind}`;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(async () => app?.close());

  it('an upload with an event handler is refused naming the image; a plain one is served and baked under a sandbox', async () => {
    const issuer = await person(ctx(), 'Iris');
    await organisationWith(ctx(), slug, [[issuer, 'issuer']]);
    const input = { name: 'Veilig online', description: 'd', criteriaNarrative: 'c' };
    await expect(createAchievement(ctx(), issuer, slug, { ...input, image: HOSTILE[1] })).rejects.toMatchObject({
      status: 400,
      code: 'credentials:errors.imageFormat',
      field: 'image',
    });
    const achievement = await createAchievement(ctx(), issuer, slug, { ...input, image: svg('<circle r="5"/>') });
    const image = await app.inject({ url: new URL(String(achievement.imageUrl)).pathname });
    expect(image.headers['content-type']).toContain('image/svg+xml');
    expect(image.headers['content-security-policy']).toContain('sandbox');
    const credential = await issueCredential(ctx(), issuer, slug, {
      achievementId: achievement.id,
      recipient: { email: 'w@example.org' },
      notify: false,
    });
    const baked = await app.inject({ url: `/credentials/${credential.id}/badge.svg` });
    expect(baked.statusCode).toBe(200);
    expect(baked.headers['content-type']).toContain('image/svg+xml');
    expect(baked.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
  });
});
