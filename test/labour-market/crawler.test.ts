import { afterAll, beforeAll, expect, test } from 'vitest';
import { CRAWL_LIMITS } from '../../src/labour-market/crawler/crawl.ts';
import { executeRun } from '../../src/labour-market/harvest.ts';
import { queueRun } from '../../src/labour-market/runs.ts';
import { createSource, type SourceRow } from '../../src/labour-market/sources.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { organisationWith, person } from '../credentials/issuing/helpers.ts';
import { describeEachDatabase, testConfig } from '../helpers/db.ts';
import { SAME } from './pairs.ts';
import { endless, html, huge, jsonLdPage, redirect, serveSite, type TestSite, text, xml } from './sites.ts';

/**
 * The crawler against sites this test serves on 127.0.0.1 (allowed by VAARDIG_CRAWL_ALLOW_HOSTS):
 * site A with robots.txt (a disallowed folder, a crawl delay), a sitemap index and every kind of
 * page that goes wrong; site B (no robots.txt) with the same posting as A; site C, which is never
 * an allowed host and must receive no request at all.
 */

const [lasser, lasserRepost] = SAME[1];
const zorg = SAME[0][0];

let a: TestSite;
let b: TestSite;
let c: TestSite;
const limits = { ...CRAWL_LIMITS };

beforeAll(async () => {
  CRAWL_LIMITS.timeoutMs = 1500;
  c = await serveSite({});
  a = await serveSite({
    '/robots.txt': text(`User-agent: *\nDisallow: /\n\nUser-agent: Vaardig\nDisallow: /private/\nCrawl-delay: 0.25\n`),
    '/sitemap-index.xml': (req, res, site) =>
      xml(
        `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${site.origin}/sitemap-jobs.xml</loc></sitemap><sitemap><loc>${c.origin}/sitemap.xml</loc></sitemap></sitemapindex>`,
      )(req, res, site),
    '/sitemap-jobs.xml': (req, res, site) =>
      xml(
        `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${[
          '/jobs/lasser',
          '/jobs/zorg',
          '/jobs/none',
          '/jobs/gone',
          '/jobs/loop',
          '/jobs/endless',
          '/jobs/huge',
          '/jobs/broken',
          '/private/secret',
          '/jobs/lasser-again',
          '/jobs/to-c',
        ]
          .map((p) => `<url><loc>${site.origin}${p}</loc></url>`)
          .join('')}<url><loc>${c.origin}/jobs/elsewhere</loc></url></urlset>`,
      )(req, res, site),
    '/jobs/lasser': html(
      jsonLdPage({
        title: lasser.title,
        description: lasser.description,
        hiringOrganization: { '@type': 'Organization', name: lasser.employer },
        jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Oss', postalCode: '5349 AA' } },
        datePosted: '2026-11-25',
      }),
      { etag: '"lasser-1"' },
    ),
    '/jobs/zorg': html(
      `<html><body><article itemscope itemtype="https://schema.org/JobPosting"><h1 itemprop="title">${zorg.title}</h1>
       <p itemprop="hiringOrganization" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">${zorg.employer}</span></p>
       <div itemprop="description">${zorg.description
         .split('\n\n')
         .map((p) => `<p>${p}</p>`)
         .join('')}</div>
       <span itemprop="jobLocation" itemscope itemtype="https://schema.org/Place"><span itemprop="address" itemscope itemtype="https://schema.org/PostalAddress"><span itemprop="addressLocality">Oss</span></span></span>
       </article></body></html>`,
      { etag: '"zorg-1"' },
    ),
    '/jobs/none': html('<html><body><h1>Werken bij ons</h1><p>Geen vacatures op dit moment.</p></body></html>'),
    '/jobs/loop': redirect('/loop-a'),
    '/loop-a': redirect('/loop-b'),
    '/loop-b': redirect('/loop-a'),
    '/jobs/endless': endless,
    '/jobs/huge': huge,
    '/jobs/broken': html('<html><head><script type="application/ld+json">{"@type": "JobPosting", "title": "Kapot",</script></head></html>'),
    '/private/secret': html(jsonLdPage({ title: 'Geheim', description: 'Mag niet gelezen worden' })),
    '/jobs/lasser-again': html(
      jsonLdPage({
        title: lasserRepost.title,
        description: lasserRepost.description,
        hiringOrganization: { '@type': 'Organization', name: lasserRepost.employer },
      }),
    ),
    '/jobs/to-c': (req, res, site) => redirect(`${c.origin}/jobs/x`)(req, res, site),
  });
  b = await serveSite({
    '/feed.xml': (req, res) => {
      if (req.headers['if-none-match'] === '"feed-1"') {
        res.writeHead(304, { etag: '"feed-1"' }).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/xml', etag: '"feed-1"' })
        .end(
          '<?xml version="1.0"?><banen><baan id="f1"><functie>Schilder</functie><plaats>Uden</plaats><tekst>Je schildert woningen en kantoren, binnen en buiten.</tekst></baan><baan id="f2"><functie>Stukadoor</functie><plaats>Oss</plaats><tekst>Je stuct wanden en plafonds in nieuwbouwwoningen.</tekst></baan></banen>',
        );
    },
    '/index.html': (req, res, site) =>
      html(
        `<html><body><a href="/vacature/1">Lasser</a> <a href="${c.origin}/elders">Elders</a> <a href="/vacature/1#solliciteer">Solliciteer</a></body></html>`,
      )(req, res, site),
    '/vacature/1': html(
      jsonLdPage({
        title: lasser.title,
        description: lasser.description,
        hiringOrganization: { '@type': 'Organization', name: lasser.employer },
        jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Oss', postalCode: '5349 AA' } },
        datePosted: '2026-11-25',
      }),
    ),
  });
});

afterAll(async () => {
  Object.assign(CRAWL_LIMITS, limits);
  await Promise.all([a?.close(), b?.close(), c?.close()]);
});

async function runOnce(ctx: AppContext, source: SourceRow) {
  const run = await queueRun(ctx, source, null);
  await executeRun(ctx, run.id);
  const done = await ctx.db.selectFrom('vacancy_runs').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
  const log = await ctx.db.selectFrom('vacancy_run_log').selectAll().where('run_id', '=', run.id).orderBy('id').execute();
  return { run: done, log };
}

describeEachDatabase(
  'crawling sites',
  (context) => {
    let orgId: string;
    let siteA: SourceRow;
    let siteB: SourceRow;

    beforeAll(async () => {
      const ctx = context();
      const analyst = await person(ctx, 'Analyst');
      orgId = await organisationWith(ctx, `crawl-${Date.now()}`, [[analyst, 'analyst']]);
      siteA = await createSource(ctx, analyst, orgId, {
        kind: 'site',
        name: 'Site A',
        sitemaps: `${a.origin}/sitemap-index.xml`,
        delaySeconds: 0.1,
      });
      siteB = await createSource(ctx, analyst, orgId, {
        kind: 'site',
        name: 'Site B',
        startUrls: `${b.origin}/index.html`,
        delaySeconds: 0.1,
      });
    });

    test('site A: every page handled, counted and logged; robots.txt and its crawl delay honoured; nothing outside the allowed hosts', async () => {
      const ctx = context();
      a.requests.length = 0;
      const { run, log } = await runOnce(ctx, siteA);
      expect(run.status).toBe('done');
      const counts = run.counts;
      expect(counts).toMatchObject({
        sitemaps: 2,
        postings: 3,
        new: 2,
        near: 1,
        noPosting: 2,
        brokenJsonLd: 1,
        notFound: 1,
        redirectLoops: 1,
        timeouts: 1,
        tooLarge: 1,
        disallowed: 1,
        outsideHosts: 1,
      });
      const codes = (code: string) => log.filter((l) => l.code === code).map((l) => new URL(l.url!).pathname);
      expect(codes('disallowed')).toEqual(['/private/secret']);
      expect(codes('redirectLoop')).toEqual(['/jobs/loop']);
      expect(codes('timeout')).toEqual(['/jobs/endless']);
      expect(codes('tooLarge')).toEqual(['/jobs/huge']);
      expect(codes('brokenJsonLd')).toEqual(['/jobs/broken']);
      expect(codes('noPosting').sort()).toEqual(['/jobs/broken', '/jobs/none']);
      expect(codes('outsideHosts')).toEqual(['/jobs/x']);
      // /jobs/gone is not served: a 404.
      expect(codes('notFound')).toEqual(['/jobs/gone']);
      expect(log.map((l) => l.code)).toContain('robotsRead');
      expect(log.at(-1)?.code).toBe('runDone');
      // Nothing was ever asked of site C (its sitemap, the page in A's sitemap, the redirect target).
      expect(c.requests).toEqual([]);
      // The secret folder was never fetched; robots.txt was read first.
      expect(a.requests.map((r) => r.path)).not.toContain('/private/secret');
      expect(a.requests[0]?.path).toBe('/robots.txt');
      expect(a.requests.every((r) => /^Vaardig\//.test(String(r.headers['user-agent'])))).toBe(true);
      // Crawl-delay 0.25 s (more than the source's 0.1 s, the least a source may have): one request at
      // a time, at least 0.25 s apart (0.1 s would mean the crawl delay was not honoured).
      const gaps = a.requests.slice(1).map((r, i) => r.at - a.requests[i]!.at);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(230);
    });

    test('site B: the same posting found on another site is a sighting of the same vacancy (and links to C are not followed)', async () => {
      const ctx = context();
      const { run } = await runOnce(ctx, siteB);
      expect(run.counts).toMatchObject({ postings: 1, exact: 1, noPosting: 1 });
      expect(run.counts.new ?? 0).toBe(0);
      expect(c.requests).toEqual([]);
      const vacancies = await ctx.db.selectFrom('vacancies').selectAll().where('organisation_id', '=', orgId).execute();
      expect(vacancies).toHaveLength(2);
      const lasserVacancy = vacancies.find((v) => v.title === lasser.title)!;
      expect(lasserVacancy).toMatchObject({ employer: lasser.employer, municipality: 'Oss', province: 'Noord-Brabant', language: 'nl' });
      const sightings = await ctx.db
        .selectFrom('vacancy_sightings')
        .selectAll()
        .where('vacancy_id', '=', lasserVacancy.id)
        .orderBy('first_seen_at')
        .execute();
      expect(sightings.map((s) => [new URL(s.url).pathname, s.match])).toEqual([
        ['/jobs/lasser', 'new'],
        ['/jobs/lasser-again', 'near'],
        ['/vacature/1', 'exact'],
      ]);
      expect(new Set(sightings.map((s) => s.source_id))).toEqual(new Set([siteA.id, siteB.id]));
    });

    test('a second run asks conditionally, changes no vacancy and counts them seen again', async () => {
      const ctx = context();
      a.requests.length = 0;
      const { run, log } = await runOnce(ctx, siteA);
      expect(run.status).toBe('done');
      expect(run.counts.notModified).toBe(2);
      expect(run.counts.new ?? 0).toBe(0);
      expect(run.counts.seen).toBe(1);
      expect(a.requests.find((r) => r.path === '/jobs/lasser')?.headers['if-none-match']).toBe('"lasser-1"');
      expect(log.filter((l) => l.code === 'notModified')).toHaveLength(2);
      const count = await ctx.db
        .selectFrom('vacancies')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('organisation_id', '=', orgId)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(2);
      const sighting = await ctx.db
        .selectFrom('vacancy_sightings')
        .selectAll()
        .where('url', '=', `${a.origin}/jobs/lasser`)
        .executeTakeFirstOrThrow();
      expect(sighting.times_seen).toBe(2);
    });

    test('a run stopped halfway goes on from its frontier when run again, and makes no vacancy twice', async () => {
      const ctx = context();
      const { run } = await runOnce(ctx, siteB);
      // What a crash leaves: the run still running, its last pages not done.
      await ctx.db.updateTable('vacancy_runs').set({ status: 'running', finished_at: null }).where('id', '=', run.id).execute();
      await ctx.db
        .updateTable('vacancy_frontier')
        .set({ state: 'pending' })
        .where('run_id', '=', run.id)
        .where('url', 'like', '%/vacature/%')
        .execute();
      b.requests.length = 0;
      await executeRun(ctx, run.id);
      const resumed = await ctx.db.selectFrom('vacancy_runs').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
      expect(resumed.status).toBe('done');
      // Only the pending page was fetched again (after robots.txt), not the start page.
      expect(b.requests.map((r) => r.path)).toEqual(['/robots.txt', '/vacature/1']);
      const log = await ctx.db.selectFrom('vacancy_run_log').select('code').where('run_id', '=', run.id).execute();
      expect(log.map((l) => l.code)).toContain('runResumed');
      const count = await ctx.db
        .selectFrom('vacancies')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('organisation_id', '=', orgId)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(2);
      // A finished run run again does nothing.
      b.requests.length = 0;
      await executeRun(ctx, run.id);
      expect(b.requests).toEqual([]);
    });

    test('a feed fetched from its address: records read through the mapping; the second time it is unchanged (304) and seen again', async () => {
      const ctx = context();
      const analyst = await person(ctx, 'Feeder');
      await ctx.db.insertInto('memberships').values({ organisation_id: orgId, user_id: analyst.id, role: 'analyst' }).execute();
      const feed = await createSource(ctx, analyst, orgId, {
        kind: 'feed',
        name: 'Banenfeed',
        format: 'xml',
        feedUrl: `${b.origin}/feed.xml`,
        records: 'baan',
        mapping: 'id = @id\ntitle = functie\nmunicipality = plaats\ndescription = tekst',
      });
      const first = await runOnce(ctx, feed);
      expect(first.run.counts).toMatchObject({ records: 2, postings: 2, new: 2 });
      const second = await runOnce(ctx, feed);
      expect(second.run.counts.notModified).toBe(1);
      expect(second.run.counts.records ?? 0).toBe(0);
      const sightings = await ctx.db.selectFrom('vacancy_sightings').selectAll().where('source_id', '=', feed.id).orderBy('url').execute();
      expect(sightings.map((s) => [s.url, s.times_seen])).toEqual([
        ['feed:f1', 2],
        ['feed:f2', 2],
      ]);
    });

    test('without the allow-list, a loopback site is refused before anything is fetched', async () => {
      const ctx = context();
      const saved = ctx.config.crawlAllowHosts;
      ctx.config.crawlAllowHosts = [];
      try {
        b.requests.length = 0;
        const { run, log } = await runOnce(ctx, siteB);
        expect(b.requests).toEqual([]);
        expect(run.counts.private).toBeGreaterThanOrEqual(1);
        expect(log.map((l) => l.code)).toContain('privateAddress');
      } finally {
        ctx.config.crawlAllowHosts = saved;
      }
    });
  },
  () => testConfig({ crawlAllowHosts: ['127.0.0.1'] }),
);
