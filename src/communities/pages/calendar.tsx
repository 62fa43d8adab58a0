import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { tr } from './components.tsx';

/** The calendar feeds a person can subscribe to. */
export function CalendarPage({
  request,
  personal,
  communities,
}: {
  request: FastifyRequest;
  personal: string;
  communities: { name: string; url: string }[];
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <Layout request={request} title={t('calendar.title')}>
      <h1>{escapeHtml(t('calendar.title'))}</h1>
      <p class="lead">{escapeHtml(t('calendar.intro'))}</p>
      <section>
        <h2>{escapeHtml(t('calendar.mine'))}</h2>
        <p class="hint">{escapeHtml(t('calendar.mineHint'))}</p>
        <p>
          <code class="wrap">{escapeHtml(personal)}</code>
        </p>
        <PostForm request={request} action="/communities/calendar/reset">
          <button type="submit" class="secondary">
            {escapeHtml(t('calendar.reset'))}
          </button>
        </PostForm>
      </section>
      {communities.length ? (
        <section>
          <h2>{escapeHtml(t('calendar.communities'))}</h2>
          <ul>
            {communities.map((c) => (
              <li>
                {escapeHtml(c.name)}: <code class="wrap">{escapeHtml(c.url)}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
