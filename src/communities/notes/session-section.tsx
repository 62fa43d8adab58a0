import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import type { CommunityAccess } from '../communities.ts';
import { tr } from '../pages/components.tsx';
import { addSessionSection } from '../sections.ts';
import { sessionWorkLinks } from './nav.tsx';

/** The session page's links to what happens during and after it (members only: the work is theirs). */
async function workSection(ctx: AppContext, request: FastifyRequest, access: CommunityAccess, sessionId: string): Promise<string> {
  if (!access.isMember) return '';
  const session = await ctx.db
    .selectFrom('community_sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .where('community_id', '=', access.community.id)
    .executeTakeFirst();
  if (!session) return '';
  return (
    <section class="panel" aria-labelledby="session-work">
      <h2 id="session-work">{escapeHtml(tr(request, 'work.nav'))}</h2>
      <ul>
        {sessionWorkLinks(request, { ...access, session }).map((link) => (
          <li>
            <a href={link.href}>{escapeHtml(link.label)}</a>
          </li>
        ))}
      </ul>
    </section>
  ) as string;
}

let registered = false;
export function registerSessionSection(): void {
  if (registered) return;
  registered = true;
  addSessionSection(workSection);
}
