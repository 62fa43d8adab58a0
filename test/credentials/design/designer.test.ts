import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CurrentUser, getCurrentUser } from '../../../src/accounts/api.ts';
import {
  type BadgeDesign,
  defaultDesign,
  designPng,
  designSvg,
  ICONS,
  iconMarkup,
  parseDesign,
  SHAPES,
} from '../../../src/credentials/design/service.ts';
import { achievementImage, createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { svgToPng } from '../../../src/credentials/issuing/images.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { signedInBrowser } from '../../accounts/support.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { decodePng } from '../baking/png.ts';
import { organisationWith } from '../issuing/helpers.ts';

const design: BadgeDesign = {
  shape: 'shield',
  background: '#123456',
  accent: '#f2a900',
  text: '#ffffff',
  icon: 'trophy',
  line1: 'Lassen',
  line2: 'niveau 2',
};

describe('badge designs', () => {
  it('every offered icon exists in lucide-static', () => {
    for (const icon of ICONS) expect(iconMarkup(icon), icon).toMatch(/<(path|circle|rect|line|polyline|polygon)\b/);
  });

  it('draws each shape with the icon and both lines of text, the same picture in SVG and PNG', () => {
    for (const shape of SHAPES) {
      const svg = designSvg({ ...design, shape });
      expect(svg).toContain('fill="#123456"');
      expect(svg).toContain('>Lassen</text>');
      expect(svg).toContain('>niveau 2</text>');
      const png = designPng({ ...design, shape });
      expect(decodePng(png).pixels.equals(decodePng(svgToPng(svg)).pixels)).toBe(true);
      const blank = svgToPng(svg.replace(/<text\b[\s\S]*?<\/text>/g, ''));
      expect(decodePng(png).pixels.equals(decodePng(blank).pixels), 'the text is drawn in the PNG').toBe(false);
    }
  });

  it('keeps the longest allowed lines inside every shape (the text shrinks to fit)', () => {
    // Only the shape's own pixels may be drawn outside its outline: compare with the same design
    // without text, column by column at the edges of the text rows.
    for (const shape of SHAPES) {
      for (const lines of [
        { line1: 'CNC machine operation', line2: '' },
        { line1: 'WWWWWWWWWWWWWWWWWWWWWWWW', line2: 'MMMMMMMMMMMMMMMMMMMMMMMM' },
      ]) {
        const withText = decodePng(designPng({ ...design, shape, ...lines }));
        const blank = decodePng(svgToPng(designSvg({ ...design, shape, ...lines }).replace(/<text\b[\s\S]*?<\/text>/g, '')));
        let outside = 0;
        for (let y = 0; y < withText.height; y++)
          for (const x of [...Array(70).keys(), ...Array.from({ length: 70 }, (_, k) => withText.width - 1 - k)]) {
            const i = (y * withText.width + x) * 4;
            for (let c = 0; c < 4; c++) if (withText.pixels[i + c] !== blank.pixels[i + c]) outside++;
          }
        expect(outside, `${shape}: "${lines.line1}" reaches the shape's edge`).toBe(0);
      }
    }
  });

  it('escapes the text, and refuses bad shapes, colours, icons and lines with coded field errors', () => {
    expect(designSvg({ ...design, line1: '<script>&' })).toContain('&lt;script&gt;&amp;');
    const fallback = defaultDesign('Veilig werken op hoogte met ladders', { primary: '#1d4ed8', accent: '#f59e0b' });
    expect(fallback.line1.length).toBeLessThanOrEqual(24);
    expect(parseDesign({}, fallback)).toEqual(fallback);
    try {
      parseDesign({ shape: 'star', background: 'red', icon: 'not-an-icon', line1: '', line2: 'x'.repeat(30) }, fallback);
      expect.unreachable();
    } catch (error) {
      const fields = (error as { errors: { field: string; code: string }[] }).errors.map((e) => [e.field, e.code]);
      expect(fields).toEqual([
        ['shape', 'platform:errors.oneOf'],
        ['background', 'credentials:errors.colour'],
        ['icon', 'platform:errors.oneOf'],
        ['line1', 'platform:errors.required'],
        ['line2', 'platform:errors.tooLong'],
      ]);
    }
  });
});

describeEachDatabase('the badge image designer page', (ctx, kind) => {
  const slug = `designer-${kind}`;
  const other = `designer-other-${kind}`;
  let app: FastifyInstance;
  let issuer: Awaited<ReturnType<typeof signedInBrowser>>;
  let member: Awaited<ReturnType<typeof signedInBrowser>>;
  let outsider: Awaited<ReturnType<typeof signedInBrowser>>;
  let achievementId: string;
  let url: string;

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    issuer = await signedInBrowser(ctx(), app);
    member = await signedInBrowser(ctx(), app);
    outsider = await signedInBrowser(ctx(), app);
    const asUser = (id: string) => ({ id }) as CurrentUser;
    await organisationWith(ctx(), slug, [
      [asUser(issuer.userId), 'issuer'],
      [asUser(member.userId), 'member'],
    ]);
    await organisationWith(ctx(), other, [[asUser(outsider.userId), 'owner']]);
    const creator = (await getCurrentUser(ctx().db, issuer.userId)) as CurrentUser;
    const achievement = await createAchievement(ctx(), creator, slug, {
      name: 'Veilig lassen',
      description: 'd',
      criteriaNarrative: 'c',
    });
    achievementId = achievement.id;
    url = `/organisations/${slug}/achievements/${achievementId}/image`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the designer to the organisation’s issuers, in English and in Dutch, colour fields laid out as fields', async () => {
    const en = await issuer.browser.get(url);
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('Background colour');
    expect(en.body).toMatch(/class="field field-colour"[\s\S]*type="color"/);
    expect(en.body).toContain(`hx-post="${url}/preview"`);
    expect(en.body).toContain(`${url}/preview.svg?`);
    expect(en.body).toContain(`${url}/preview.png?`);
    issuer.browser.cookies.set('vaardig_lang', 'nl');
    const nl = await issuer.browser.get(url);
    issuer.browser.cookies.delete('vaardig_lang');
    expect(nl.statusCode).toBe(200);
    for (const text of ['Achtergrondkleur', 'Vorm', 'Zeshoek', 'Pictogram', 'Voorbeeld tonen', 'Als PNG']) expect(nl.body).toContain(text);
    for (const text of ['Background colour', 'Shape', 'Hexagon', 'Rounded square', 'Trophy']) expect(nl.body).not.toContain(text);
  });

  it('refuses members without the issuer role, other organisations and signed-out visitors', async () => {
    expect([403, 404]).toContain((await member.browser.get(url)).statusCode);
    expect([403, 404]).toContain((await outsider.browser.get(url)).statusCode);
    expect([403, 404]).toContain((await outsider.browser.get(`${url}/preview.svg`)).statusCode);
    const anonymous = await app.inject({ url });
    expect([302, 303, 401]).toContain(anonymous.statusCode);
    const save = await outsider.browser.post(url, { ...design, action: 'save' } as unknown as Record<string, string>);
    expect([403, 404]).toContain(save.statusCode);
  });

  it('previews without JavaScript (Preview button) and as an htmx fragment, with field errors', async () => {
    const preview = await issuer.browser.post(url, { ...design, action: 'preview' } as unknown as Record<string, string>);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('value="#123456"');
    expect(preview.body).toContain('background=%23123456');
    const fragment = await issuer.browser.post(`${url}/preview`, { ...design } as unknown as Record<string, string>);
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).toContain('<img');
    expect(fragment.body).not.toContain('<html');
    const bad = await issuer.browser.post(url, { ...design, background: 'red', action: 'preview' } as unknown as Record<string, string>);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="background-error"');
    const svg = await issuer.browser.get(`${url}/preview.svg?${new URLSearchParams(design as unknown as Record<string, string>)}`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('>niveau 2</text>');
    const png = await issuer.browser.get(`${url}/preview.png?${new URLSearchParams(design as unknown as Record<string, string>)}`);
    expect(png.headers['content-type']).toBe('image/png');
  });

  it('saves the design as the badge image, and opens it again', async () => {
    const saved = await issuer.browser.post(url, { ...design, action: 'save' } as unknown as Record<string, string>);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/organisations/${slug}/achievements/${achievementId}`);
    const row = await ctx()
      .db.selectFrom('achievements')
      .innerJoin('achievement_images', 'achievement_images.id', 'achievements.image_id')
      .select(['achievement_images.id', 'achievement_images.design'])
      .where('achievements.id', '=', achievementId)
      .executeTakeFirstOrThrow();
    expect(row.design).toMatchObject({ shape: 'shield', icon: 'trophy', line2: 'niveau 2' });
    const image = await achievementImage(ctx(), row.id);
    expect(image?.data.toString('utf8')).toBe(designSvg(design));
    const again = await issuer.browser.get(url);
    expect(again.body).toContain('value="#123456"');
    expect(again.body).toMatch(/<option value="shield" selected/);
  });
});
