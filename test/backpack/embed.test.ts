import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { earner, issuerFor } from './support.ts';

const itemIds = (html: string) => [...html.matchAll(/href="\/backpack\/items\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
let counter = 0;

/** HTML text as a browser reads it (the entities escapeHtml writes). */
function decode(html: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&', apos: "'" };
  return html.replace(/&(#\d+|[a-z]+);/g, (all, name: string) =>
    name.startsWith('#') ? String.fromCharCode(Number(name.slice(1))) : (named[name] ?? all),
  );
}

/** Whether a browser lets another site (here: https://elsewhere.example) show the reply in a frame. */
function frameableByOthers(headers: Record<string, unknown>): boolean {
  if (headers['x-frame-options'] !== undefined) return false;
  const ancestors = /frame-ancestors([^;]*)/.exec(String(headers['content-security-policy'] ?? ''))?.[1]?.trim();
  return ancestors === undefined || ancestors.split(/\s+/).includes('*');
}

describeEachDatabase('embedding one badge of a public profile', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  /** A published profile with a public collection holding one badge, and a second badge kept private. */
  async function setUp() {
    counter++;
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx(), 'Maasdal');
    await org.issue(me.email, { name: 'Shown "badge" <b>' });
    await org.issue(me.email, { name: 'Private badge' });
    const [privateId, shownId] = itemIds((await me.browser.get('/backpack')).body);
    await me.browser.post('/backpack/collections', { name: 'Public things', isPublic: 'on' });
    const [collection] = [
      ...(await me.browser.get('/backpack/collections')).body.matchAll(/href="\/backpack\/collections\/([0-9a-f-]{36})"/g),
    ].map((m) => m[1]);
    await me.browser.post(`/backpack/collections/${collection}/items`, { item: shownId });
    const handle = `embed-${counter}-${Math.random().toString(36).slice(2, 6)}`;
    const publish = (published: boolean) =>
      me.browser.post('/backpack/profile', { handle, displayName: 'Eva <Earner>', ...(published ? { published: 'on' } : {}) });
    await publish(true);
    return { me, org, handle, shownId, privateId, publish };
  }

  test('a public badge is a small card any site may frame: no cookies, escaped, in the language asked for', async () => {
    const { me, org, handle, shownId } = await setUp();
    const visitor = new Browser(app);
    const response = await app.inject({ method: 'GET', url: `/p/${handle}/badges/${shownId}/embed` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(frameableByOthers(response.headers)).toBe(true);
    expect(response.headers['content-security-policy']).toContain('frame-ancestors *');
    // The rest of the policy stays as strict as on every page.
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const body = response.body;
    expect(body).not.toContain('<b>');
    expect(body).not.toContain('<Earner>');
    expect(decode(body)).toContain('>Shown "badge" <b></a></h1>');
    expect(decode(body)).toContain('Earned by Eva <Earner>.');
    expect(body).toContain(`Issued by Org ${org.slug}`);
    expect(body).toContain(`href="http://vaardig.test/p/${handle}/badges/${shownId}" target="_blank" rel="noopener"`);
    expect(body).toContain('Check this badge on Vaardig');
    expect(body).not.toContain(me.email);
    expect(body).not.toContain('<form');
    expect(body).not.toContain('csrf');

    // The language of the snippet (?lang=), else the visitor's.
    const nl = await app.inject({ method: 'GET', url: `/p/${handle}/badges/${shownId}/embed?lang=nl` });
    expect(nl.body).toContain('<html lang="nl">');
    expect(decode(nl.body)).toContain('Behaald door Eva <Earner>.');
    expect(nl.body).toContain('Controleer deze badge op Vaardig');
    const dutchVisitor = new Browser(app, 'nl');
    expect((await dutchVisitor.get(`/p/${handle}/badges/${shownId}/embed`)).body).toContain('<html lang="nl">');
    expect((await visitor.get(`/p/${handle}/badges/${shownId}/embed?lang=xx`)).body).toContain('<html lang="en">');
  });

  test('the badge page offers the snippet and the profile page the link, each with a Copy button that scripts reveal', async () => {
    const { handle, shownId } = await setUp();
    const visitor = new Browser(app, 'nl');
    const page = await visitor.get(`/p/${handle}/badges/${shownId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Deze badge op je website tonen');
    const snippet = /<textarea id="embed-code"[^>]*>([^<]*)<\/textarea>/.exec(page.body)?.[1] ?? '';
    // Shown escaped in the page; unescaped it is the HTML to copy.
    const html = decode(snippet);
    expect(html).toMatch(
      /^<iframe src="[^"]+" title="[^"]+" width="360" height="200" style="border:0;max-width:100%" loading="lazy"><\/iframe>$/,
    );
    const src = decode(/src="([^"]+)"/.exec(html)?.[1] ?? '');
    expect(src).toBe(`http://vaardig.test/p/${handle}/badges/${shownId}/embed?lang=nl`);
    // The badge's name is escaped inside the snippet's own attribute too.
    const title = /title="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(title).not.toMatch(/[<"]/);
    expect(decode(title)).toBe('Shown "badge" <b> · Eva <Earner> · Vaardig');
    const embed = await app.inject({ method: 'GET', url: new URL(src).pathname + new URL(src).search });
    expect(embed.statusCode).toBe(200);
    // Copy buttons: hidden until vaardig.js finds a clipboard; the text stays selectable without it.
    expect(page.body).toMatch(
      /<button type="button" class="secondary" data-copy="embed-code"[^>]* aria-label="Kopieer: Code om deze badge in te sluiten" hidden>Kopieer<\/button>/,
    );
    const profile = await visitor.get(`/p/${handle}`);
    expect(profile.body).toContain(`<input id="profile-link" type="text" readonly value="http://vaardig.test/p/${handle}"`);
    expect(profile.body).toMatch(/data-copy="profile-link"[^>]* hidden>Kopieer/);
    expect(profile.body).toContain('data-copy-status="profile-link"');
  });

  test('only a badge the published profile shows: a private one, another handle, an unpublished profile and nonsense are 404 (still frameable)', async () => {
    const { handle, shownId, privateId, publish } = await setUp();
    const other = await setUp();
    const missing = async (url: string) => {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).toContain('This badge is not public (any more).');
      expect(response.body, url).not.toContain('Private badge');
      expect(frameableByOthers(response.headers), url).toBe(true);
      expect(response.headers['cache-control'], url).toBe('no-store');
    };
    await missing(`/p/${handle}/badges/${privateId}/embed`);
    // Someone else's public badge under this profile's address.
    await missing(`/p/${handle}/badges/${other.shownId}/embed`);
    await missing(`/p/${handle}/badges/not-a-uuid/embed`);
    await missing(`/p/no-such-profile/badges/${shownId}/embed`);
    await missing(`/p/${handle.toUpperCase()}/badges/${shownId}/embed`);
    // Unpublished: gone from every site that embeds it, at once.
    await publish(false);
    await missing(`/p/${handle}/badges/${shownId}/embed`);
    await publish(true);
    expect((await app.inject({ method: 'GET', url: `/p/${handle}/badges/${shownId}/embed` })).statusCode).toBe(200);
  });

  test('every other page still refuses to be framed by other sites', async () => {
    const { me, handle, shownId } = await setUp();
    const pages = [
      `/p/${handle}`,
      `/p/${handle}/badges/${shownId}`,
      `/p/${handle}/badges/${shownId}/credential.json`,
      '/',
      '/signin',
      '/verify',
    ];
    for (const url of pages) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(frameableByOthers(response.headers), url).toBe(false);
      // Not even by Vaardig itself: no page of it frames another (issue 14, frame-ancestors 'none').
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
    }
    for (const url of ['/backpack', '/backpack/profile', `/backpack/items/${shownId}`]) {
      const response = await me.browser.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(frameableByOthers(response.headers), url).toBe(false);
    }
  });
});
