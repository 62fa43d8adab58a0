import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { PostForm } from '../../platform/pages/forms.tsx';
import { formatNumber } from '../../platform/pages/format.ts';
import { joinHtml, noHtml, type SafeHtml, safeHtml } from '../../platform/pages/safe-html.ts';
import { MANAGER_ROLES } from '../authorisation.ts';
import { listMyOrganisations, type OrganisationSummary } from '../organisations.ts';
import { networkCounts } from '../overview.ts';
import type { CurrentUser } from '../sessions.ts';

function NextStep({ request, user, organisations }: { request: FastifyRequest; user: CurrentUser; organisations: OrganisationSummary[] }) {
  const { t } = request;
  if (!user.emailConfirmed)
    return (
      <div class="notice">
        <p>{escapeHtml(t('accounts:dashboard.confirmFirst'))}</p>
        <PostForm request={request} action="/confirm/resend">
          <input type="hidden" name="email" value={user.email} />
          <button type="submit" class="secondary">
            {escapeHtml(t('accounts:account.resend'))}
          </button>
        </PostForm>
      </div>
    );
  if (organisations.length === 0)
    return (
      <>
        <p>{escapeHtml(t('accounts:dashboard.noOrganisation'))}</p>
        <p class="actions">
          <a class="button" href="/organisations/new">
            {escapeHtml(t('accounts:organisations.create'))}
          </a>
        </p>
      </>
    );
  const managed = organisations.find((o) => o.role && MANAGER_ROLES.includes(o.role));
  return managed ? (
    <p class="actions">
      <a href={`/organisations/${encodeURIComponent(managed.slug)}#invite`}>
        {escapeHtml(t('accounts:dashboard.invite', { organisation: managed.name }))}
      </a>
    </p>
  ) : (
    ''
  );
}

/** The accounts module's panels on the home page: the person's organisations and a next step; the operator's network. */
export async function accountsDashboard(ctx: AppContext, request: FastifyRequest): Promise<SafeHtml> {
  const user = request.user;
  if (!user) return noHtml;
  const { t } = request;
  const organisations = await listMyOrganisations(ctx, user);
  const network = await networkCounts(ctx, user);
  const mine =
    organisations.length || !user.isOperator ? (
      // Once there is nothing to do first (confirm, join), the list of organisations goes below what the person does here.
      <section class={user.emailConfirmed && organisations.length ? 'panel aside' : 'panel'} aria-labelledby="my-organisations">
        <h2 id="my-organisations">{escapeHtml(t('accounts:organisations.mine'))}</h2>
        {organisations.length ? (
          <ul class="item-list">
            {organisations.map((o) => (
              <li>
                <span>
                  <a href={`/organisations/${encodeURIComponent(o.slug)}`}>{escapeHtml(o.name)}</a>
                  <span class="muted">
                    {' · '}
                    {escapeHtml(o.role ? t(`accounts:roles.${o.role}`) : '')} ·{' '}
                    {escapeHtml(t('accounts:dashboard.members', { count: o.memberCount, formatted: formatNumber(request, o.memberCount) }))}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          ''
        )}
        <NextStep request={request} user={user} organisations={organisations} />
      </section>
    ) : (
      ''
    );
  const operator = network ? (
    <section class="panel" aria-labelledby="network-people">
      <h2 id="network-people">{escapeHtml(t('accounts:dashboard.networkTitle'))}</h2>
      <dl class="stats">
        <div>
          <dt>{escapeHtml(t('accounts:dashboard.organisations'))}</dt>
          <dd>{escapeHtml(formatNumber(request, network.organisations))}</dd>
        </div>
        <div>
          <dt>{escapeHtml(t('accounts:dashboard.people'))}</dt>
          <dd>{escapeHtml(formatNumber(request, network.people))}</dd>
        </div>
        <div>
          <dt>{escapeHtml(t('accounts:dashboard.joinedThisMonth'))}</dt>
          <dd>{escapeHtml(formatNumber(request, network.joinedThisMonth))}</dd>
        </div>
      </dl>
      <p class="actions">
        <a href="/admin/organisations">{escapeHtml(t('accounts:admin.organisations'))}</a>
        <a href="/admin/outbox">{escapeHtml(t('accounts:admin.outbox'))}</a>
      </p>
    </section>
  ) : (
    ''
  );
  return joinHtml([await safeHtml(operator), await safeHtml(mine)]);
}
