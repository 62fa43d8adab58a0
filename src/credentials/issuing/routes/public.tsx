import { subjectSections } from '../../../platform/subjects.ts';
import { keepsPages, PageCache, publicPagesVersion } from '../../../platform/http/page-cache.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.ts';
import { E } from '../../errors.ts';
import { achievementImage, publicAchievement } from '../achievements.ts';
import { credentialDownload, type DownloadFormat } from '../downloads.ts';
import { forgetDocuments } from '../document-cache.ts';
import { findCredential } from '../issue.ts';
import { didDocument } from '../issuer.ts';
import { CredentialPage, PublicAchievementPage, PublicIssuerPage } from '../pages/public.tsx';
import { personStatusList } from '../people.ts';
import { statusListCredential } from '../status.ts';
import { credentialPageView, publicAchievementView, publicIssuerProfile, publicIssuerView } from '../views.ts';
import { hide } from './shared.ts';

/**
 * Whether a request for a linked-data URL (an achievement's or an issuer's id) is a person's browser
 * asking for a page. Verifiers and wallets get the JSON-LD, also when they send no Accept at all;
 * `?format=json` gets it in a browser too.
 */
function wantsPage(request: FastifyRequest): boolean {
  if ((request.query as { format?: string }).format === 'json') return false;
  return (request.headers.accept ?? '').includes('text/html');
}

const CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];
const DOWNLOADS: Record<string, DownloadFormat> = {
  'credential.json': 'json',
  'credential.jwt': 'jwt',
  'badge.png': 'png',
  'badge.svg': 'svg',
};

/** Public, machine-readable: DID documents, issuer profiles, status lists, achievements, images. */
export function registerPublicDocuments(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>('/orgs/:slug/did.json', hide, async (request, reply) => {
    const doc = await didDocument(ctx, request.params.slug);
    return reply
      .type('application/did+json')
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .send(doc);
  });
  app.get<{ Params: { slug: string } }>('/orgs/:slug', hide, async (request, reply) => {
    if (wantsPage(request)) {
      const view = await publicIssuerView(ctx, request.params.slug);
      const sections = await subjectSections(ctx, { kind: 'issuer', id: view.organisation.id }, request);
      return reply.page(<PublicIssuerPage request={request} view={view} sections={sections} />);
    }
    const profile = await publicIssuerProfile(ctx, request.params.slug);
    return reply
      .type('application/ld+json')
      .header('access-control-allow-origin', '*')
      .send({ '@context': CONTEXTS, ...profile });
  });
  app.get<{ Params: { slug: string; purpose: string } }>('/orgs/:slug/status/:purpose', hide, async (request, reply) => {
    const list = await statusListCredential(ctx, request.params.slug, request.params.purpose);
    if (!list) throw E.statusListNotFound();
    return reply
      .type('application/vc+ld+json')
      .header('cache-control', 'public, max-age=60')
      .header('access-control-allow-origin', '*')
      .send(list);
  });
  app.get<{ Params: { id: string } }>('/people/:id/status/revocation', hide, async (request, reply) => {
    const list = await personStatusList(ctx, request.params.id);
    if (!list) throw E.statusListNotFound();
    return reply
      .type('application/vc+ld+json')
      .header('cache-control', 'public, max-age=60')
      .header('access-control-allow-origin', '*')
      .send(list);
  });
  app.get<{ Params: { id: string } }>('/achievements/:id', hide, async (request, reply) => {
    if (wantsPage(request)) {
      const view = await publicAchievementView(ctx, request.params.id);
      const sections = await subjectSections(ctx, { kind: 'achievement', id: request.params.id }, request);
      return reply.page(<PublicAchievementPage request={request} view={view} sections={sections} />);
    }
    const found = await publicAchievement(ctx, request.params.id);
    if (!found) throw E.achievementNotFound();
    return reply
      .type('application/ld+json')
      .header('access-control-allow-origin', '*')
      .send({ '@context': CONTEXTS, ...found.json });
  });
  app.get<{ Params: { file: string } }>('/achievement-images/:file', hide, async (request, reply) => {
    const [id] = request.params.file.split('.');
    const image = await achievementImage(ctx, id);
    if (!image) throw E.imageNotFound();
    // Images never change (a new image is a new id); SVGs are sandboxed so uploaded ones run nothing.
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    if (image.mime === 'image/svg+xml')
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
    return reply.type(image.mime).send(image.data);
  });
}

/** When what a credential's page says changes by time alone: it becomes valid, or expires. */
function nextChange(credential: { validFrom: Date; validUntil: Date | null }): Date | null {
  const now = Date.now();
  const times = [credential.validFrom, credential.validUntil].filter((d): d is Date => d instanceof Date && d.getTime() > now);
  return times.length ? new Date(Math.min(...times.map((d) => d.getTime()))) : null;
}

/** A credential's public page and its downloads. */
export function registerCredentialPages(app: FastifyInstance, ctx: AppContext): void {
  // Kept rendered for signed-out visitors while nothing it shows changed (platform/http/page-cache.ts):
  // the credential's state, its status lists and the issuer's keys (triggers of migration
  // 20-credentials-006), endorsements (61-endorsements-003), organisations (05-accounts-005), and its
  // own time (valid from, until).
  const kept = new PageCache();
  let seen = '';
  app.get<{ Params: { id: string } }>('/credentials/:id', hide, async (request, reply) => {
    const render = async () => {
      const view = await credentialPageView(ctx, request.params.id);
      const sections = await subjectSections(ctx, { kind: 'credential', id: view.credential.id }, request);
      return { html: <CredentialPage request={request} {...view} sections={sections} />, staleAt: nextChange(view.credential) };
    };
    if (!keepsPages(request)) return reply.page((await render()).html);
    const version = await publicPagesVersion(ctx);
    // Moved: a change, perhaps by another server on this database, which this process's verifier
    // would otherwise see only when its documents run out (document-cache.ts): forgotten first.
    if (version !== seen) {
      forgetDocuments(ctx);
      seen = version;
    }
    return kept.send(request, reply, request.url, version, render);
  });
  app.get<{ Params: { id: string; file: string } }>('/credentials/:id/:file', hide, async (request, reply) => {
    const format = DOWNLOADS[request.params.file];
    const credential = format ? await findCredential(ctx, request.params.id) : null;
    if (!credential || (format === 'jwt' && !credential.jwt)) throw E.fileNotFound();
    const file = await credentialDownload(ctx, credential, format);
    // An SVG badge is the issuer's uploaded image: opened on its own, it runs nothing.
    if (file.type === 'image/svg+xml')
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
    return reply
      .type(file.type)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('access-control-allow-origin', '*')
      .send(file.body);
  });
}
