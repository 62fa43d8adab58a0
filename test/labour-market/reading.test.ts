import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { isPrivateAddress } from '../../src/labour-market/crawler/fetch.ts';
import { readPage } from '../../src/labour-market/crawler/postings.ts';
import { parseRobots } from '../../src/labour-market/crawler/robots.ts';
import { parseSitemap } from '../../src/labour-market/crawler/sitemaps.ts';
import { feedRecords, recordToPosting } from '../../src/labour-market/feeds.ts';
import { cleanPosting } from '../../src/labour-market/posting.ts';
import { canonicalProvince, provinceOfPostcode } from '../../src/labour-market/regions.ts';
import { parseMapping, validateSource } from '../../src/labour-market/sources.ts';
import { detectLanguage, htmlToText } from '../../src/labour-market/text.ts';
import { occupationQuery } from '../../src/labour-market/vacancies.ts';
import { AppError } from '../../src/platform/errors.ts';

const PAGE = 'https://werk.example.nl/vacatures/lasser';

describe('JobPostings in pages', () => {
  test('JSON-LD: a JobPosting with its organisation, place, salary, experience and dates', () => {
    const html = `<html><head><script type="application/ld+json">${JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'JobPosting',
      title: 'Lasser MIG/MAG',
      description:
        '<p>Je last <b>constructies</b> voor de bouw en je werkt met een klein team.</p><ul><li>VCA</li><li>Tekening lezen</li></ul>',
      hiringOrganization: { '@type': 'Organization', name: 'Metaalbewerking Oss' },
      jobLocation: {
        '@type': 'Place',
        address: { '@type': 'PostalAddress', addressLocality: 'Oss', postalCode: '5349AA', addressRegion: 'NB' },
      },
      datePosted: '2026-11-25',
      validThrough: '2027-01-31T23:59',
      employmentType: ['FULL_TIME', 'TEMPORARY'],
      baseSalary: {
        '@type': 'MonetaryAmount',
        currency: 'EUR',
        value: { '@type': 'QuantitativeValue', minValue: 2800, maxValue: 3600, unitText: 'MONTH' },
      },
      experienceRequirements: { '@type': 'OccupationalExperienceRequirements', monthsOfExperience: 24 },
      educationRequirements: { '@type': 'EducationalOccupationalCredential', credentialCategory: 'mbo 3' },
      identifier: { '@type': 'PropertyValue', value: 'L-77' },
    })}</script></head><body></body></html>`;
    const reading = readPage(html, PAGE);
    expect(reading.brokenJsonLd).toBe(0);
    const posting = cleanPosting(reading.postings[0]!)!;
    expect(posting).toMatchObject({
      title: 'Lasser MIG/MAG',
      employer: 'Metaalbewerking Oss',
      municipality: 'Oss',
      postcode: '5349 AA',
      province: 'Noord-Brabant',
      employmentType: ['FULL_TIME', 'TEMPORARY'],
      salaryMin: 2800,
      salaryMax: 3600,
      salaryCurrency: 'EUR',
      salaryUnit: 'MONTH',
      experience: 'months:24',
      education: 'mbo 3',
      externalId: 'L-77',
      url: PAGE,
      language: 'nl',
    });
    expect(posting.description).toBe('Je last constructies voor de bouw en je werkt met een klein team.\n\n- VCA\n- Tekening lezen');
    expect(posting.datePosted?.toISOString().slice(0, 10)).toBe('2026-11-25');
  });

  test('JSON-LD in @graph, arrays and nested items; several postings on one page get a fragment each', () => {
    const html = `<script type="application/ld+json">{"@graph":[{"@type":"WebPage","mainEntity":{"@type":"JobPosting","title":"Kok"}},{"@type":["JobPosting"],"title":"Afwasser"}]}</script>`;
    const reading = readPage(html, PAGE);
    expect(reading.postings.map((p) => [p.title, p.url])).toEqual([
      ['Kok', `${PAGE}#posting-1`],
      ['Afwasser', `${PAGE}#posting-2`],
    ]);
  });

  test('broken JSON-LD is counted; a microdata posting on the same page is still read', () => {
    const html = `<script type="application/ld+json">{"@type": "JobPosting", "title": "Half</script>
      <div itemscope itemtype="https://schema.org/JobPosting">
        <h1 itemprop="title">Heftruckchauffeur</h1>
        <div itemprop="hiringOrganization" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Logistiek Centrum Oss</span></div>
        <div itemprop="jobLocation" itemscope itemtype="https://schema.org/Place">
          <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
            <span itemprop="addressLocality">Oss</span> <span itemprop="postalCode">5342 AC</span>
          </div>
        </div>
        <time itemprop="datePosted" datetime="2026-11-29">29 november</time>
        <meta itemprop="employmentType" content="PART_TIME">
        <div itemprop="description"><p>Je laadt en lost vrachtwagens.</p><p>Heftruckcertificaat nodig.</p></div>
        <a itemprop="url" href="/v/1">link</a>
      </div>`;
    const reading = readPage(html, PAGE);
    expect(reading.brokenJsonLd).toBe(1);
    const posting = cleanPosting(reading.postings[0]!)!;
    expect(posting).toMatchObject({
      title: 'Heftruckchauffeur',
      employer: 'Logistiek Centrum Oss',
      municipality: 'Oss',
      postcode: '5342 AC',
      employmentType: ['PART_TIME'],
      url: PAGE,
    });
    expect(posting.description).toBe('Je laadt en lost vrachtwagens.\n\nHeftruckcertificaat nodig.');
    expect(posting.datePosted?.toISOString().slice(0, 10)).toBe('2026-11-29');
  });

  test('a page without a posting has none; its links are absolute, without fragments, nofollow left out', () => {
    const reading = readPage(
      '<base href="https://werk.example.nl/nl/"><a href="vacature/1#top">1</a><a href="https://elders.example.com/x">x</a><a rel="nofollow" href="/niet">n</a><a href="mailto:a@b.nl">m</a>',
      PAGE,
    );
    expect(reading.postings).toEqual([]);
    expect(reading.links).toEqual(['https://werk.example.nl/nl/vacature/1', 'https://elders.example.com/x']);
    expect(readPage('<meta name="robots" content="noindex, nofollow"><a href="/x">x</a>', PAGE).links).toEqual([]);
  });
});

describe('robots.txt and sitemaps', () => {
  test('rules for Vaardig, a crawl delay and sitemaps', () => {
    const robots = parseRobots(
      'https://werk.example.nl/robots.txt',
      'User-agent: *\nDisallow: /\n\nUser-agent: Vaardig\nDisallow: /intern/\nAllow: /intern/vacatures/\nCrawl-delay: 2\nSitemap: https://werk.example.nl/sitemap.xml',
    );
    expect(robots.allowed('https://werk.example.nl/vacatures/1')).toBe(true);
    expect(robots.allowed('https://werk.example.nl/intern/geheim')).toBe(false);
    expect(robots.allowed('https://werk.example.nl/intern/vacatures/2')).toBe(true);
    expect(robots.crawlDelay).toBe(2);
    expect(robots.sitemaps).toEqual(['https://werk.example.nl/sitemap.xml']);
  });

  test('a sitemap index, a urlset (gzipped too) and a text sitemap', () => {
    const index =
      '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.nl/s1.xml</loc></sitemap><sitemap><loc> https://a.nl/s2.xml.gz </loc></sitemap></sitemapindex>';
    expect(parseSitemap(Buffer.from(index))).toEqual({ urls: [], sitemaps: ['https://a.nl/s1.xml', 'https://a.nl/s2.xml.gz'] });
    const set =
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.nl/v/1?x=1&amp;y=2</loc><lastmod>2026-11-01</lastmod></url></urlset>';
    expect(parseSitemap(gzipSync(set)).urls).toEqual(['https://a.nl/v/1?x=1&y=2']);
    expect(parseSitemap(Buffer.from('https://a.nl/1\nhttps://a.nl/2\n')).urls).toEqual(['https://a.nl/1', 'https://a.nl/2']);
  });

  test('private, loopback and reserved addresses are recognised', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.1.1',
      '172.16.0.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      'fd00::1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '2a00:1450:4001::1']) expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('feeds', () => {
  test('CSV with semicolons and a mapping', () => {
    const mapping = parseMapping('title = functie\nmunicipality = plaats\nid = nummer', []);
    const records = feedRecords(
      { format: 'csv', records: '' },
      'nummer;functie;plaats;description\n7;Kok;Oss;Je kookt.\n8;;Uden;Geen titel\n',
    );
    const postings = records.map((r) => cleanPosting(recordToPosting(r, mapping)));
    expect(postings[0]).toMatchObject({ title: 'Kok', municipality: 'Oss', externalId: '7', description: 'Je kookt.' });
    expect(postings[1]).toBeNull();
  });

  test('JSON at a path or found by itself, with dotted paths', () => {
    const doc = JSON.stringify({ data: { jobs: [{ id: 1, job: { name: 'Monteur' }, place: { city: 'Uden' } }] } });
    const mapping = parseMapping({ title: 'job.name', municipality: 'place.city' }, []);
    expect(recordToPosting(feedRecords({ format: 'json', records: 'data.jobs' }, doc)[0], mapping)).toMatchObject({
      title: 'Monteur',
      municipality: 'Uden',
      externalId: 1,
    });
    expect(feedRecords({ format: 'json', records: '' }, JSON.stringify({ vacatures: [{ title: 'A' }] }))).toEqual([{ title: 'A' }]);
    expect(() => feedRecords({ format: 'json', records: 'nope' }, '{"a": 1}')).toThrow(AppError);
    expect(() => feedRecords({ format: 'json', records: '' }, '{broken')).toThrow(AppError);
  });

  test('XML records by element, attributes and nested elements', () => {
    const xml =
      '<feed><vacature nummer="12"><titel>Schilder</titel><plaats><naam>Oss</naam></plaats><omschrijving><![CDATA[<p>Je schildert.</p>]]></omschrijving></vacature></feed>';
    const mapping = parseMapping('id = @nummer\ntitle = titel\nmunicipality = plaats/naam\ndescription = omschrijving', []);
    const [record] = feedRecords({ format: 'xml', records: 'vacature' }, xml);
    expect(cleanPosting(recordToPosting(record, mapping))).toMatchObject({
      externalId: '12',
      title: 'Schilder',
      municipality: 'Oss',
      description: 'Je schildert.',
    });
  });

  test('a mapping names only known fields, each line as field = column', () => {
    const errors: AppError[] = [];
    parseMapping('title = functie\nsalaris = loon\nzonder gelijkteken', errors);
    expect(errors.map((e) => [e.code, e.params])).toEqual([
      ['labour-market:errors.mappingLine', { line: 'zonder gelijkteken' }],
      ['labour-market:errors.mappingField', { name: 'salaris' }],
    ]);
  });
});

describe('sources are checked field by field', () => {
  const fields = (input: Parameters<typeof validateSource>[0]) => {
    try {
      validateSource(input);
      return [];
    } catch (error) {
      return (error as AppError).errors.map((e) => `${e.field} ${e.code.split('.').pop()}`);
    }
  };
  test('a site needs something to crawl, web addresses, hosts it may visit, limits in range', () => {
    expect(fields({ kind: 'site', name: 'A' })).toEqual(['startUrls nothingToCrawl']);
    expect(fields({ kind: 'site', name: '', startUrls: 'ftp://x.nl/\njavascript:alert(1)' })).toEqual([
      'name required',
      'startUrls badUrl',
      'startUrls badUrl',
    ]);
    expect(fields({ kind: 'site', name: 'A', startUrls: 'https://a.nl/', allowedHosts: 'b.nl\nniet geldig' })).toEqual([
      'allowedHosts badHost',
      'startUrls hostNotAllowed',
    ]);
    expect(fields({ kind: 'site', name: 'A', startUrls: 'https://a.nl/', maxPages: '0', delaySeconds: 'x' })).toEqual([
      'maxPages maxPagesRange',
      'delaySeconds delayRange',
    ]);
    expect(fields({ kind: 'ftp', name: 'A' })).toEqual(['kind oneOf']);
    expect(validateSource({ kind: 'site', name: 'A', sitemaps: 'https://a.nl:8080/s.xml' }).settings).toMatchObject({
      allowedHosts: ['a.nl:8080'],
      maxPages: 200,
      delaySeconds: 1,
    });
  });
  test('a feed needs a known format and a web address when it has one', () => {
    expect(fields({ kind: 'feed', name: 'F', format: 'xls', feedUrl: 'file:///etc/passwd' })).toEqual(['format oneOf', 'feedUrl badUrl']);
  });
});

describe('texts and places', () => {
  test('language, provinces, postcodes, occupation queries', () => {
    expect(detectLanguage('Wij zoeken een collega die ervaring heeft met lassen en het werk leuk vindt.')).toBe('nl');
    expect(detectLanguage('We are looking for a colleague with experience in welding who will join our team.')).toBe('en');
    expect(detectLanguage('Java SQL')).toBeNull();
    expect(canonicalProvince('North Brabant')).toBe('Noord-Brabant');
    expect(canonicalProvince('NL-ZH')).toBe('Zuid-Holland');
    expect(provinceOfPostcode('5341AB')).toBe('Noord-Brabant');
    expect(provinceOfPostcode('9711 LM')).toBe('Groningen');
    expect(occupationQuery('Verzorgende IG (24-32 uur) m/v')).toBe('Verzorgende IG');
    expect(occupationQuery('Senior Java developer - Oss')).toBe('Java developer');
    expect(htmlToText('a &amp; b<br>c')).toBe('a & b\nc');
  });
});
