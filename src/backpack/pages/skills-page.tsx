import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import type { SkillGroup } from '../skill-profile.ts';
import { BackpackNav } from './components.tsx';
import { SkillGroups } from './skills.tsx';

/** `/backpack/skills`: the person's skills profile. */
export function SkillsPage({ request, groups }: { request: FastifyRequest; groups: SkillGroup[] }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('backpack:skills.title')}>
      <h1>{escapeHtml(t('backpack:skills.title'))}</h1>
      <BackpackNav request={request} current="/backpack/skills" />
      <p class="lead">{escapeHtml(t('backpack:skills.lead'))}</p>
      {groups.length === 0 ? (
        <p>{escapeHtml(t('backpack:skills.none'))}</p>
      ) : (
        <SkillGroups request={request} groups={groups} badgeHref={(id) => `/backpack/items/${id}`} />
      )}
    </Layout>
  );
}
