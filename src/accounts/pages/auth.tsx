import { escapeHtml } from '../../platform/pages/escape.ts';
import type { FastifyRequest } from 'fastify';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';

interface FormPageProps {
  request: FastifyRequest;
  values?: Record<string, string>;
  errors?: FormErrors;
}

function nextQuery(next?: string): string {
  return next && next !== '/' ? `?next=${encodeURIComponent(next)}` : '';
}

export function SignUpPage({ request, values = {}, errors, next }: FormPageProps & { next?: string }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('accounts:signup.title')}>
      <h1>{escapeHtml(t('accounts:signup.title'))}</h1>
      <p class="lead">{escapeHtml(t('accounts:signup.lead'))}</p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={`/signup${nextQuery(next)}`}>
        <Field name="name" label={t('accounts:fields.fullName')} value={values.name} errors={errors} required autocomplete="name" />
        <Field
          name="email"
          type="email"
          label={t('accounts:fields.email')}
          value={values.email}
          errors={errors}
          required
          autocomplete="email"
        />
        <Field
          name="password"
          type="password"
          label={t('accounts:fields.password')}
          hint={t('accounts:fields.passwordHint')}
          errors={errors}
          required
          autocomplete="new-password"
        />
        <button type="submit">{escapeHtml(t('accounts:signup.submit'))}</button>
      </PostForm>
      <p>
        {escapeHtml(t('accounts:signup.haveAccount'))} <a href={`/signin${nextQuery(next)}`}>{escapeHtml(t('accounts:signin.title'))}</a>
      </p>
    </Layout>
  );
}

export function SignInPage({ request, values = {}, errors, next }: FormPageProps & { next?: string }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('accounts:signin.title')}>
      <h1>{escapeHtml(t('accounts:signin.title'))}</h1>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action="/signin">
        <input type="hidden" name="next" value={next ?? '/'} />
        <Field
          name="email"
          type="email"
          label={t('accounts:fields.email')}
          value={values.email}
          errors={errors}
          required
          autocomplete="username"
        />
        <Field
          name="password"
          type="password"
          label={t('accounts:fields.password')}
          errors={errors}
          required
          autocomplete="current-password"
        />
        <button type="submit">{escapeHtml(t('accounts:signin.submit'))}</button>
      </PostForm>
      <p>
        <a href="/reset">{escapeHtml(t('accounts:signin.forgot'))}</a>
      </p>
      <p>
        {escapeHtml(t('accounts:signin.noAccount'))} <a href={`/signup${nextQuery(next)}`}>{escapeHtml(t('accounts:signup.title'))}</a>
      </p>
    </Layout>
  );
}

export function ConfirmPage({ request, token, valid }: { request: FastifyRequest; token: string; valid: boolean }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('accounts:confirm.title')}>
      <h1>{escapeHtml(t('accounts:confirm.title'))}</h1>
      {valid ? (
        <>
          <p>{escapeHtml(t('accounts:confirm.lead'))}</p>
          <PostForm request={request} action={`/confirm/${encodeURIComponent(token)}`}>
            <button type="submit">{escapeHtml(t('accounts:confirm.submit'))}</button>
          </PostForm>
        </>
      ) : (
        <>
          <p class="notice">{escapeHtml(t('accounts:confirm.invalid'))}</p>
          <p>
            <a href="/confirm/resend">{escapeHtml(t('accounts:resend.title'))}</a>
          </p>
        </>
      )}
    </Layout>
  );
}

/** A page whose whole form is one email address: resending the confirmation, asking for a reset link. */
function EmailOnlyPage({
  request,
  values = {},
  errors,
  keys,
  action,
}: FormPageProps & { keys: { title: string; lead: string; submit: string }; action: string }) {
  const { t } = request;
  return (
    <Layout request={request} title={t(keys.title)}>
      <h1>{escapeHtml(t(keys.title))}</h1>
      <p>{escapeHtml(t(keys.lead))}</p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={action}>
        <Field
          name="email"
          type="email"
          label={t('accounts:fields.email')}
          value={values.email}
          errors={errors}
          required
          autocomplete="email"
        />
        <button type="submit">{escapeHtml(t(keys.submit))}</button>
      </PostForm>
    </Layout>
  );
}

export function ResendPage(props: FormPageProps) {
  return EmailOnlyPage({
    ...props,
    action: '/confirm/resend',
    keys: { title: 'accounts:resend.title', lead: 'accounts:resend.lead', submit: 'accounts:resend.submit' },
  });
}

export function ResetRequestPage(props: FormPageProps) {
  return EmailOnlyPage({
    ...props,
    action: '/reset',
    keys: { title: 'accounts:reset.requestTitle', lead: 'accounts:reset.requestLead', submit: 'accounts:reset.requestSubmit' },
  });
}

export function ResetPage({ request, token, valid, errors }: FormPageProps & { token: string; valid: boolean }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('accounts:reset.title')}>
      <h1>{escapeHtml(t('accounts:reset.title'))}</h1>
      {valid ? (
        <>
          <p>{escapeHtml(t('accounts:reset.lead'))}</p>
          <ErrorSummary request={request} errors={errors} />
          <PostForm request={request} action={`/reset/${encodeURIComponent(token)}`}>
            <Field
              name="password"
              type="password"
              label={t('accounts:fields.newPassword')}
              hint={t('accounts:fields.passwordHint')}
              errors={errors}
              required
              autocomplete="new-password"
            />
            <button type="submit">{escapeHtml(t('accounts:reset.submit'))}</button>
          </PostForm>
        </>
      ) : (
        <>
          <p class="notice">{escapeHtml(t('accounts:reset.invalid'))}</p>
          <p>
            <a href="/reset">{escapeHtml(t('accounts:reset.requestTitle'))}</a>
          </p>
        </>
      )}
    </Layout>
  );
}
