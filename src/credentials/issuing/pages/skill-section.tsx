import { imageUrl } from '../../../platform/pages/urls.ts';
import { escapeHtml } from '../../../platform/pages/escape.ts';
import { noHtml, type SafeHtml, safeHtml } from '../../../platform/pages/safe-html.ts';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.ts';
import { achievementsForSkill } from '../achievements.ts';

/** The skill page's "Badges with this skill" section (docs/decisions/003). */
export async function badgesForSkill(ctx: AppContext, skillId: string, request: FastifyRequest): Promise<SafeHtml> {
  const items = await achievementsForSkill(ctx, skillId);
  if (items.length === 0) return noHtml;
  const { t } = request;
  return safeHtml(
    <section aria-labelledby="badges-with-skill">
      <h2 id="badges-with-skill">{escapeHtml(t('credentials:achievements.aligned'))}</h2>
      <ul class="badge-list">
        {items.map((a) => (
          <li>
            {imageUrl(a.imageUrl) ? <img src={imageUrl(a.imageUrl) ?? ''} alt="" width="48" height="48" /> : ''}
            <strong>{escapeHtml(a.name)}</strong>{' '}
            <span class="muted">{escapeHtml(t('credentials:achievements.alignedBy', { organisation: a.organisation }))}</span>
            <p>{escapeHtml(a.description)}</p>
          </li>
        ))}
      </ul>
    </section>,
  );
}
