import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findOrganisation, requireOrgRole } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { HttpProblem, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import {
  type AchievementInput,
  achievementImage,
  createAchievement,
  getAchievement,
  ISSUER_ROLES,
  listAchievements,
  publicAchievement,
  setAchievementArchived,
  updateAchievement,
} from './achievements.ts';
import { bulkProgress, startBulkIssue } from './bulk.ts';
import {
  ClaimClosedError,
  claimQrSvg,
  closeClaimCode,
  createClaimCode,
  findClaim,
  listClaimCodes,
  normaliseCode,
  redeemClaim,
} from './claims.ts';
import { credentialDownload, type DownloadFormat } from './downloads.ts';
import { changeCredentialStatus, findCredential, issueCredential, listIssued, MAX_LIST_OFFSET } from './issue.ts';
import { didDocument, ensureIssuer, issuerDid, issuerProfile, rotateKeys, updateIssuerSettings } from './issuer.ts';
import {
  AchievementForm,
  type AchievementFormValues,
  AchievementPage,
  BulkPage,
  BulkProgressView,
  Dashboard,
  IssuedListPage,
} from './pages/issuer.tsx';
import { ClaimPage, CredentialPage, EnterCodePage } from './pages/public.tsx';
import { resignStatusLists, statusListCredential } from './status.ts';
import { verifyIssued } from './verify.ts';
import { registerIssuingApi } from './api.ts';

type Req<P = Record<string, string>> = FastifyRequest<{ Params: P; Body: Record<string, string>; Querystring: Record<string, string> }>;

function formErrors(error: unknown): FormErrors | null {
  if (error instanceof ValidationError) return error.fields;
  if (error instanceof HttpProblem && error.status < 500 && error.status !== 403 && error.status !== 404) {
    return { [String(error.extra.field ?? 'form')]: error.message };
  }
  return null;
}

/** Reads a multipart form: text fields and the first file. */
async function readMultipart(request: FastifyRequest): Promise<{ fields: Record<string, string>; file?: { name: string; data: Buffer } }> {
  const fields: Record<string, string> = {};
  let file: { name: string; data: Buffer } | undefined;
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, string | string[]>;
    return { fields: Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v.join('\n') : v])) };
  }
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (data.length && !file) file = { name: part.fieldname, data };
    } else {
      // A repeated field (the skill picker's chosen skills) keeps every value, one per line.
      const value = String(part.value ?? '');
      fields[part.fieldname] = part.fieldname in fields ? `${fields[part.fieldname]}\n${value}` : value;
    }
  }
  return { fields, file };
}

function lines(text = ''): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function toInput(values: AchievementFormValues): AchievementInput {
  return {
    name: values.name,
    description: values.description,
    criteriaNarrative: values.criteriaNarrative ?? null,
    criteriaUrl: values.criteriaUrl ?? null,
    achievementType: values.achievementType,
    skills: [...new Set([...lines(values.chosenSkills), ...lines(values.skills)])],
    resultDescriptions: lines(values.results).map((l) => {
      const [name, allowed] = l.split(/:(.*)/s);
      const allowedValue = allowed
        ? allowed
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean)
        : undefined;
      return { name: name.trim(), resultType: allowedValue ? 'LetterGrade' : 'Result', allowedValue };
    }),
    tags: (values.tags ?? '').split(','),
    language: values.language,
    proofFormat: values.proofFormat,
    suspendable: values.suspendable,
    validMonths: values.validMonths ? Number(values.validMonths) : null,
  };
}

function formValues(fields: Record<string, string>): AchievementFormValues {
  return {
    name: fields.name,
    description: fields.description,
    criteriaNarrative: fields.criteriaNarrative,
    criteriaUrl: fields.criteriaUrl,
    achievementType: fields.achievementType,
    skills: fields.skills,
    chosenSkills: fields.skill,
    results: fields.results,
    tags: fields.tags,
    language: fields.language,
    proofFormat: fields.proofFormat,
    suspendable: fields.suspendable === 'on',
    validMonths: fields.validMonths,
  };
}

const DOWNLOADS: Record<string, DownloadFormat> = {
  'credential.json': 'json',
  'credential.jwt': 'jwt',
  'badge.png': 'png',
  'badge.svg': 'svg',
};

export async function issuingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const hide = { schema: { hide: true } };
  await registerIssuingApi(app, ctx);

  // ----- Public, machine-readable: DID documents, profiles, status lists, achievements, images -----
  app.get<{ Params: { slug: string } }>('/orgs/:slug/did.json', hide, async (request, reply) => {
    const doc = await didDocument(ctx, request.params.slug);
    return reply
      .type('application/did+json')
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .send(doc);
  });
  app.get<{ Params: { slug: string } }>('/orgs/:slug', hide, async (request, reply) => {
    const organisation = await findOrganisation(ctx.db, request.params.slug);
    if (!organisation) throw new NotFoundError('The issuer');
    await ensureIssuer(ctx, organisation.id);
    const profile = await issuerProfile(ctx, organisation);
    return reply
      .type('application/ld+json')
      .header('access-control-allow-origin', '*')
      .send({
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        ...profile,
      });
  });
  app.get<{ Params: { slug: string; purpose: string } }>('/orgs/:slug/status/:purpose', hide, async (request, reply) => {
    const list = await statusListCredential(ctx, request.params.slug, request.params.purpose);
    if (!list) throw new NotFoundError('The status list');
    return reply
      .type('application/vc+ld+json')
      .header('cache-control', 'public, max-age=60')
      .header('access-control-allow-origin', '*')
      .send(list);
  });
  app.get<{ Params: { id: string } }>('/achievements/:id', hide, async (request, reply) => {
    const found = await publicAchievement(ctx, request.params.id);
    if (!found) throw new NotFoundError('The achievement');
    return reply
      .type('application/ld+json')
      .header('access-control-allow-origin', '*')
      .send({
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        ...found.json,
      });
  });
  app.get<{ Params: { file: string } }>('/achievement-images/:file', hide, async (request, reply) => {
    const [id] = request.params.file.split('.');
    const image = await achievementImage(ctx, id);
    if (!image) throw new NotFoundError('The image');
    // Images never change (a new image is a new id); SVGs are sandboxed so uploaded ones run nothing.
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    if (image.mime === 'image/svg+xml')
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
    return reply.type(image.mime).send(image.data);
  });

  // ----- Public credential page and downloads -----
  app.get<{ Params: { id: string } }>('/credentials/:id', hide, async (request, reply) => {
    const credential = await findCredential(ctx, request.params.id);
    if (!credential) throw new NotFoundError('The credential');
    const organisation = await findOrganisation(ctx.db, credential.organisationId);
    const verdict = await verifyIssued(ctx, credential);
    return reply.page(<CredentialPage request={request} credential={credential} issuerName={organisation?.name ?? ''} verdict={verdict} />);
  });
  app.get<{ Params: { id: string; file: string } }>('/credentials/:id/:file', hide, async (request, reply) => {
    const format = DOWNLOADS[request.params.file];
    const credential = format ? await findCredential(ctx, request.params.id) : null;
    if (!credential || (format === 'jwt' && !credential.jwt)) throw new NotFoundError('The file');
    const file = await credentialDownload(ctx, credential, format);
    return reply
      .type(file.type)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('access-control-allow-origin', '*')
      .send(file.body);
  });

  // ----- Claim codes (public) -----
  app.get<{ Querystring: { code?: string } }>('/claim', hide, async (request, reply) => {
    const code = request.query.code ? normaliseCode(request.query.code) : '';
    if (!code) return reply.page(<EnterCodePage request={request} />);
    if (await findClaim(ctx, code)) return reply.redirect(`/claim/${code}`, 303);
    return reply.page(<EnterCodePage request={request} code={code} notFound />, 404);
  });
  app.get<{ Params: { code: string } }>('/claim/:code', hide, async (request, reply) => {
    const claim = await findClaim(ctx, request.params.code);
    if (!claim) throw new NotFoundError('The claim code');
    return reply.page(<ClaimPage request={request} claim={claim} />);
  });
  app.get<{ Params: { code: string } }>('/claim/:code/qr.svg', hide, async (request, reply) => {
    const svg = await claimQrSvg(ctx, request.params.code);
    if (!svg) throw new NotFoundError('The claim code');
    return reply.type('image/svg+xml').header('cache-control', 'public, max-age=3600').send(svg);
  });
  app.post<{ Params: { code: string }; Body: Record<string, string> }>(
    '/claim/:code',
    { ...hide, config: { rateLimit: app.authRateLimit } },
    async (request, reply) => {
      const claim = await findClaim(ctx, request.params.code);
      if (!claim) throw new NotFoundError('The claim code');
      const values = { email: request.body?.email ?? '', name: request.body?.name ?? '' };
      try {
        const credential = await redeemClaim(ctx, claim.code, { user: request.user, email: values.email, name: values.name }, request.lang);
        reply.flash('success', request.t('credentials:badge.claim.done'));
        return reply.redirect(`/credentials/${credential.id}`, 303);
      } catch (error) {
        if (error instanceof ClaimClosedError) return reply.page(<ClaimPage request={request} claim={{ ...claim, open: false }} />, 409);
        const errors = formErrors(error);
        if (!errors) throw error;
        return reply.page(<ClaimPage request={request} claim={claim} errors={errors} values={values} />, 400);
      }
    },
  );

  // ----- Issuer pages: /organisations/:slug/... (members with owner, admin or issuer role) -----
  /** The Referer when it is a page of this instance (an origin match, not a prefix: `https://vaardig.test.evil` is not ours). */
  const own = new URL(ctx.config.baseUrl).origin;
  const sameOrigin = (referer: string | undefined): string | null => {
    if (!referer) return null;
    try {
      const url = new URL(referer);
      return url.origin === own ? `${url.pathname}${url.search}${url.hash}` : null;
    } catch {
      return null;
    }
  };
  const org = async (request: FastifyRequest, slug: string) =>
    (await requireOrgRole(ctx, requireUser(request), slug, ISSUER_ROLES)).organisation;
  const achievementPage = async (
    request: Req<{ slug: string; id: string }>,
    reply: FastifyReply,
    errors?: FormErrors,
    values?: Record<string, string>,
  ) => {
    const organisation = await org(request, request.params.slug);
    const achievement = await getAchievement(ctx, request.user, organisation.slug, request.params.id);
    const claims = await listClaimCodes(ctx, request.user, organisation.slug, achievement.id);
    const recent = await listIssued(ctx, request.user, organisation.slug, { achievementId: achievement.id, limit: 20 });
    return reply.page(
      <AchievementPage
        request={request}
        organisation={organisation}
        achievement={achievement}
        claims={claims}
        recent={recent.items}
        errors={errors}
        values={values}
      />,
      errors ? 400 : 200,
    );
  };

  app.get<{ Params: { slug: string } }>('/organisations/:slug/achievements', hide, async (request, reply) => {
    const organisation = await org(request, request.params.slug);
    await ensureIssuer(ctx, organisation.id);
    const achievements = await listAchievements(ctx, request.user, organisation.slug, { archived: true });
    const settings = await ctx.db
      .selectFrom('issuer_profiles')
      .selectAll()
      .where('organisation_id', '=', organisation.id)
      .executeTakeFirstOrThrow();
    return reply.page(
      <Dashboard
        request={request}
        organisation={organisation}
        achievements={achievements}
        settings={{
          did: issuerDid(ctx.config.baseUrl, organisation.slug),
          primary: settings.primary_colour,
          accent: settings.accent_colour,
          didKey: settings.did_key,
          baseUrl: ctx.config.baseUrl,
        }}
      />,
    );
  });
  app.post<{ Params: { slug: string }; Body: Record<string, string> }>('/organisations/:slug/issuer', hide, async (request, reply) => {
    const organisation = await org(request, request.params.slug);
    await updateIssuerSettings(ctx, organisation.id, {
      primaryColour: request.body.primaryColour,
      accentColour: request.body.accentColour,
      didKey: request.body.didKey === 'on',
    });
    reply.flash('success', request.t('credentials:issuing.settingsSaved'));
    return reply.redirect(`/organisations/${organisation.slug}/achievements`, 303);
  });
  app.post<{ Params: { slug: string } }>('/organisations/:slug/issuer/rotate', hide, async (request, reply) => {
    const organisation = (await requireOrgRole(ctx, requireUser(request), request.params.slug, ['owner', 'admin'])).organisation;
    await rotateKeys(ctx, organisation.id);
    await resignStatusLists(ctx, organisation);
    reply.flash('success', request.t('credentials:issuing.rotated'));
    return reply.redirect(`/organisations/${organisation.slug}/achievements`, 303);
  });

  app.get<{ Params: { slug: string } }>('/organisations/:slug/achievements/new', hide, async (request, reply) => {
    const organisation = await org(request, request.params.slug);
    return reply.page(<AchievementForm request={request} organisation={organisation} values={{ language: request.lang }} />);
  });
  app.post<{ Params: { slug: string } }>('/organisations/:slug/achievements/new', hide, async (request, reply) => {
    const organisation = await org(request, request.params.slug);
    const { fields, file } = await readMultipart(request);
    const values = formValues(fields);
    try {
      const created = await createAchievement(ctx, request.user, organisation.slug, { ...toInput(values), image: file?.data ?? null });
      reply.flash('success', request.t('credentials:achievements.created', { name: created.name }));
      return reply.redirect(`/organisations/${organisation.slug}/achievements/${created.id}`, 303);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return reply.page(<AchievementForm request={request} organisation={organisation} values={values} errors={errors} />, 400);
    }
  });
  app.get<{ Params: { slug: string; id: string } }>('/organisations/:slug/achievements/:id', hide, async (request, reply) =>
    achievementPage(request as Req<{ slug: string; id: string }>, reply),
  );
  app.get<{ Params: { slug: string; id: string } }>('/organisations/:slug/achievements/:id/edit', hide, async (request, reply) => {
    const organisation = await org(request, request.params.slug);
    const a = await getAchievement(ctx, request.user, organisation.slug, request.params.id);
    const values: AchievementFormValues = {
      name: a.name,
      description: a.description,
      criteriaNarrative: a.criteriaNarrative ?? '',
      criteriaUrl: a.criteriaUrl ?? '',
      achievementType: a.achievementType,
      skills: '',
      chosenSkills: a.alignments.map((x) => x.skillId).join('\n'),
      results: a.resultDescriptions.map((r) => (r.allowedValue ? `${r.name}: ${r.allowedValue.join(', ')}` : r.name)).join('\n'),
      tags: a.tags.join(', '),
      language: a.language,
      proofFormat: a.proofFormat,
      suspendable: a.suspendable,
      validMonths: a.validMonths ? String(a.validMonths) : '',
    };
    return reply.page(<AchievementForm request={request} organisation={organisation} values={values} achievement={a} />);
  });
  app.post<{ Params: { slug: string; id: string } }>('/organisations/:slug/achievements/:id/edit', hide, async (request, reply) => {
    const organisation = await org(request, request.params.slug);
    const current = await getAchievement(ctx, request.user, organisation.slug, request.params.id);
    const { fields, file } = await readMultipart(request);
    const values = formValues(fields);
    try {
      const updated = await updateAchievement(ctx, request.user, organisation.slug, current.id, {
        ...toInput(values),
        ...(file ? { image: file.data } : {}),
      });
      reply.flash('success', request.t('credentials:achievements.updated', { version: updated.version }));
      return reply.redirect(`/organisations/${organisation.slug}/achievements/${updated.id}`, 303);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return reply.page(
        <AchievementForm request={request} organisation={organisation} values={values} errors={errors} achievement={current} />,
        400,
      );
    }
  });
  app.post<{ Params: { slug: string; id: string }; Body: Record<string, string> }>(
    '/organisations/:slug/achievements/:id/archive',
    hide,
    async (request, reply) => {
      const organisation = await org(request, request.params.slug);
      await setAchievementArchived(ctx, request.user, organisation.slug, request.params.id, request.body?.archived === 'true');
      return reply.redirect(`/organisations/${organisation.slug}/achievements/${request.params.id}`, 303);
    },
  );
  app.post<{ Params: { slug: string; id: string }; Body: Record<string, string> }>(
    '/organisations/:slug/achievements/:id/issue',
    hide,
    async (request, reply) => {
      const organisation = await org(request, request.params.slug);
      const body = request.body ?? {};
      const results: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) if (k.startsWith('result:') && v) results[k.slice(7)] = v;
      try {
        const credential = await issueCredential(ctx, request.user, organisation.slug, {
          achievementId: request.params.id,
          recipient: { email: body.email || undefined, did: body.did || undefined, name: body.name || undefined },
          awardedAt: body.awardedAt || undefined,
          evidence: body.evidence ? [body.evidence] : [],
          results,
          lang: request.lang,
        });
        reply.flash(
          'success',
          request.t('credentials:achievements.issued', {
            recipient: credential.recipientName ?? credential.recipientEmail ?? credential.recipientDid,
          }),
        );
        return reply.redirect(`/organisations/${organisation.slug}/achievements/${request.params.id}`, 303);
      } catch (error) {
        const errors = formErrors(error);
        if (!errors) throw error;
        return achievementPage(request as Req<{ slug: string; id: string }>, reply, errors, body);
      }
    },
  );
  app.post<{ Params: { slug: string; id: string } }>('/organisations/:slug/achievements/:id/bulk', hide, async (request, reply) => {
    const organisation = await org(request, request.params.slug);
    const { file } = await readMultipart(request);
    try {
      const id = await startBulkIssue(ctx, request.user, organisation.slug, request.params.id, file?.data.toString('utf8') ?? '', {
        lang: request.lang,
      });
      return reply.redirect(`/organisations/${organisation.slug}/bulk/${id}`, 303);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return achievementPage(request as Req<{ slug: string; id: string }>, reply, errors);
    }
  });
  app.get<{ Params: { slug: string; id: string }; Querystring: { fragment?: string } }>(
    '/organisations/:slug/bulk/:id',
    hide,
    async (request, reply) => {
      const organisation = await org(request, request.params.slug);
      const progress = await bulkProgress(ctx, request.user, organisation.slug, request.params.id);
      if (request.query.fragment || request.headers['hx-request'])
        return reply.page(<BulkProgressView request={request} organisation={organisation} progress={progress} />);
      return reply.page(<BulkPage request={request} organisation={organisation} progress={progress} />);
    },
  );
  app.post<{ Params: { slug: string; id: string }; Body: Record<string, string> }>(
    '/organisations/:slug/achievements/:id/claim-codes',
    hide,
    async (request, reply) => {
      const organisation = await org(request, request.params.slug);
      const body = request.body ?? {};
      try {
        const claim = await createClaimCode(ctx, request.user, organisation.slug, request.params.id, {
          label: body.label,
          maxClaims: body.maxClaims ? Number(body.maxClaims) : null,
          closesAt: body.closesAt || null,
        });
        reply.flash('success', request.t('credentials:achievements.claimCreated', { code: claim.code }));
        return reply.redirect(`/organisations/${organisation.slug}/achievements/${request.params.id}#claim-codes`, 303);
      } catch (error) {
        const errors = formErrors(error);
        if (!errors) throw error;
        return achievementPage(request as Req<{ slug: string; id: string }>, reply, errors);
      }
    },
  );
  app.post<{ Params: { slug: string; id: string } }>('/organisations/:slug/claim-codes/:id/close', hide, async (request, reply) => {
    const organisation = await org(request, request.params.slug);
    await closeClaimCode(ctx, request.user, organisation.slug, request.params.id);
    reply.flash('success', request.t('credentials:achievements.claimClosed'));
    return reply.redirect(sameOrigin(request.headers.referer) ?? `/organisations/${organisation.slug}/achievements`, 303);
  });
  app.get<{ Params: { slug: string }; Querystring: { offset?: string } }>(
    '/organisations/:slug/credentials',
    hide,
    async (request, reply) => {
      const organisation = await org(request, request.params.slug);
      const offset = Math.min(Math.max(0, Math.trunc(Number(request.query.offset)) || 0), MAX_LIST_OFFSET);
      const { items, total } = await listIssued(ctx, request.user, organisation.slug, { limit: 50, offset });
      return reply.page(<IssuedListPage request={request} organisation={organisation} items={items} total={total} offset={offset} />);
    },
  );
  app.post<{ Params: { slug: string; id: string }; Body: Record<string, string> }>(
    '/organisations/:slug/credentials/:id/status',
    hide,
    async (request, reply) => {
      const organisation = await org(request, request.params.slug);
      try {
        const changed = await changeCredentialStatus(
          ctx,
          request.user,
          organisation.slug,
          request.params.id,
          request.body?.action ?? '',
          request.body?.reason ?? '',
        );
        const label = changed.state === 'active' ? 'active' : changed.state;
        reply.flash(
          'success',
          request.t('credentials:badge.list.changed', { state: request.t(`credentials:badge.${label}`).toLowerCase() }),
        );
      } catch (error) {
        const errors = formErrors(error);
        if (!errors) throw error;
        reply.flash('error', Object.values(errors).join(' '));
      }
      return reply.redirect(sameOrigin(request.headers.referer) ?? `/organisations/${organisation.slug}/credentials`, 303);
    },
  );
}
