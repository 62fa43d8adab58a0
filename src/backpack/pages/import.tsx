import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { BackpackNav } from './components.tsx';

/** `/backpack/import`: a file, pasted text or a link; verified before it is kept. */
export function ImportPage({
  request,
  values,
  errors,
}: {
  request: FastifyRequest;
  values?: { text?: string; url?: string };
  errors?: FormErrors;
}) {
  const { t } = request;
  return (
    <Layout request={request} title={t('backpack:import.title')}>
      <h1>{escapeHtml(t('backpack:import.title'))}</h1>
      <BackpackNav request={request} current="/backpack/import" />
      <p class="lead">{escapeHtml(t('backpack:import.lead'))}</p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action="/backpack/import" multipart>
        <Field name="file" type="file" label={t('backpack:import.file')} hint={t('backpack:import.fileHint')} errors={errors} />
        <Field
          name="text"
          label={t('backpack:import.text')}
          hint={t('backpack:import.textHint')}
          value={values?.text}
          errors={errors}
          multiline
          autocomplete="off"
        />
        <Field
          name="url"
          type="url"
          label={t('backpack:import.url')}
          hint={t('backpack:import.urlHint')}
          value={values?.url}
          errors={errors}
          autocomplete="off"
        />
        <button type="submit">{escapeHtml(t('backpack:import.submit'))}</button>
      </PostForm>
    </Layout>
  );
}
