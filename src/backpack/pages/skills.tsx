import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import type { SkillGroup } from '../skill-profile.ts';
import { webUrl } from '../../platform/pages/urls.ts';

/**
 * The skills of accepted badges, grouped, each with the badges that prove it. `badgeHref` links a
 * badge (the backpack's page for its owner, the profile's page for visitors). A skill proven by many
 * badges links the first MAX_BADGES of them and says how many more there are.
 */
export const MAX_BADGES = 10;

export function SkillGroups({
  request,
  groups,
  badgeHref,
  headingLevel = 2,
}: {
  request: FastifyRequest;
  groups: SkillGroup[];
  badgeHref: (id: string) => string;
  headingLevel?: 2 | 3;
}) {
  const { t } = request;
  return (
    <>
      {groups.map((group) => (
        <section class="panel">
          {headingLevel === 2 ? (
            <h2>{escapeHtml(group.name ?? t('backpack:skills.other'))}</h2>
          ) : (
            <h3>{escapeHtml(group.name ?? t('backpack:skills.other'))}</h3>
          )}
          {group.trail.length ? <p class="muted">{escapeHtml(group.trail.join(' › '))}</p> : ''}
          <ul>
            {group.skills.map((skill) => {
              const href = skill.skillId ? skill.url : webUrl(skill.url);
              return (
                <li>
                  {href ? <a href={href}>{escapeHtml(skill.name)}</a> : <strong>{escapeHtml(skill.name)}</strong>}
                  <span class="muted"> · {escapeHtml(t('backpack:skills.provenBy', { count: skill.badges.length }))} </span>
                  {skill.badges.slice(0, MAX_BADGES).map((b, i) => (
                    <>
                      {i > 0 ? ', ' : ''}
                      <a href={badgeHref(b.id)}>{escapeHtml(b.name)}</a>
                    </>
                  ))}
                  {skill.badges.length > MAX_BADGES
                    ? escapeHtml(` ${t('backpack:skills.more', { count: skill.badges.length - MAX_BADGES })}`)
                    : ''}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}
