import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import type { Endorsement } from '../service.ts';

export const e = (request: FastifyRequest, key: string, options?: Record<string, unknown>) => request.t(`endorsements:${key}`, options);

/** One endorsement as listed where the endorsed thing is shown: who, the comment, when, and whether it was revoked. */
export function EndorsementItem({ request, endorsement, about }: { request: FastifyRequest; endorsement: Endorsement; about?: boolean }) {
  const subject = about ? e(request, `section.of.${endorsement.subjectKind}`) : endorsement.subjectName;
  const revoked = endorsement.state === 'revoked';
  return (
    <li class={revoked ? 'endorsement revoked' : 'endorsement'}>
      <p>
        <strong>{escapeHtml(e(request, 'section.endorses', { organisation: endorsement.endorserName, subject }))}</strong>
        {endorsement.endorserKind === 'person' ? <span class="tag">{escapeHtml(e(request, 'section.byPerson'))}</span> : ''}
        {revoked ? <span class="tag">{escapeHtml(e(request, 'section.revoked'))}</span> : ''}
      </p>
      <blockquote>{revoked ? <s>{escapeHtml(endorsement.comment)}</s> : escapeHtml(endorsement.comment)}</blockquote>
      <p class="muted">
        {escapeHtml(e(request, 'section.on', { date: formatDate(request, endorsement.createdAt) }))}
        {revoked && endorsement.revokedAt
          ? ` · ${escapeHtml(e(request, 'section.revokedOn', { date: formatDate(request, endorsement.revokedAt), reason: endorsement.revokedReason ?? '' }))}`
          : ''}{' '}
        · <a href={`/endorsements/${endorsement.id}`}>{escapeHtml(e(request, 'section.details'))}</a>
      </p>
    </li>
  );
}

/**
 * The endorsements section of a badge's, an issuer's or a credential's page; with `endorseHref`,
 * the button to endorse it as oneself (only where the network allows it and the viewer may).
 */
export function EndorsementsSection({
  request,
  items,
  about,
  endorseHref,
}: {
  request: FastifyRequest;
  items: Endorsement[];
  about?: boolean;
  endorseHref?: string | null;
}) {
  return (
    <section aria-labelledby="endorsements" class="endorsements">
      <h2 id="endorsements">{escapeHtml(e(request, 'section.title'))}</h2>
      {endorseHref ? (
        <p>
          <a class="button" href={endorseHref}>
            {escapeHtml(e(request, 'section.endorseYourself'))}
          </a>
        </p>
      ) : (
        ''
      )}
      {items.length === 0 ? (
        <p>{escapeHtml(e(request, 'section.none'))}</p>
      ) : (
        <ul class="endorsement-list">
          {items.map((endorsement) => (
            <EndorsementItem request={request} endorsement={endorsement} about={about} />
          ))}
        </ul>
      )}
    </section>
  );
}
