import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../../platform/pages/forms.tsx';
import { Layout } from '../../../platform/pages/layout.tsx';
import { type BadgeDesign, ICONS, SHAPES } from '../service.ts';

export const designerPath = (slug: string, id: string) => `/organisations/${slug}/achievements/${id}/image`;

const query = (design: BadgeDesign) => new URLSearchParams(design as unknown as Record<string, string>).toString();

/** The live preview: the same design as SVG and as PNG, side by side (htmx swaps this in on input). */
export function DesignPreview({ request, base, design }: { request: FastifyRequest; base: string; design: BadgeDesign }) {
  const { t } = request;
  const q = query(design);
  const alt = [design.line1, design.line2].filter(Boolean).join(' ');
  return (
    <div class="design-preview-images">
      <figure>
        <img src={`${base}/preview.svg?${q}`} width="192" height="192" alt={alt} />
        <figcaption>{escapeHtml(t('credentials:design.asSvg'))}</figcaption>
      </figure>
      <figure>
        <img src={`${base}/preview.png?${q}`} width="192" height="192" alt={alt} />
        <figcaption>{escapeHtml(t('credentials:design.asPng'))}</figcaption>
      </figure>
    </div>
  );
}

/** The badge image designer: shape, colours, icon and text, with a live preview (htmx) or a Preview button. */
export function DesignerPage({
  request,
  slug,
  achievementId,
  achievementName,
  design,
  errors,
}: {
  request: FastifyRequest;
  slug: string;
  achievementId: string;
  achievementName: string;
  design: BadgeDesign;
  errors?: FormErrors;
}) {
  const { t } = request;
  const base = designerPath(slug, achievementId);
  return (
    <Layout request={request} title={t('credentials:design.title', { name: achievementName })}>
      <p>
        <a href={`/organisations/${slug}/achievements/${achievementId}`}>{escapeHtml(t('credentials:design.back'))}</a>
      </p>
      <h1>{escapeHtml(t('credentials:design.title', { name: achievementName }))}</h1>
      <p class="lead">{escapeHtml(t('credentials:design.lead'))}</p>
      <ErrorSummary request={request} errors={errors} />
      <div class="designer">
        <div hx-post={`${base}/preview`} hx-trigger="input delay:300ms, change" hx-include="find form" hx-target="#design-preview">
          <PostForm request={request} action={base}>
            <Select
              name="shape"
              label={t('credentials:design.shape')}
              value={design.shape}
              errors={errors}
              options={SHAPES.map((s) => ({ value: s, label: t(`credentials:design.shapes.${s}`) }))}
            />
            <Field name="background" type="color" label={t('credentials:design.background')} value={design.background} errors={errors} />
            <Field name="accent" type="color" label={t('credentials:design.accent')} value={design.accent} errors={errors} />
            <Field name="text" type="color" label={t('credentials:design.textColour')} value={design.text} errors={errors} />
            <Select
              name="icon"
              label={t('credentials:design.icon')}
              value={design.icon}
              errors={errors}
              options={[
                { value: '', label: t('credentials:design.noIcon') },
                ...ICONS.map((i) => ({ value: i, label: t(`credentials:design.icons.${i}`) })),
              ]}
            />
            <Field name="line1" label={t('credentials:design.line1')} value={design.line1} errors={errors} required />
            <Field
              name="line2"
              label={t('credentials:design.line2')}
              hint={t('credentials:design.line2Hint')}
              value={design.line2}
              errors={errors}
            />
            <p class="actions">
              <button type="submit" name="action" value="preview" class="button secondary">
                {escapeHtml(t('credentials:design.preview'))}
              </button>{' '}
              <button type="submit" name="action" value="save" class="button">
                {escapeHtml(t('credentials:design.save'))}
              </button>
            </p>
          </PostForm>
        </div>
        <section aria-labelledby="design-preview-heading" aria-live="polite">
          <h2 id="design-preview-heading">{escapeHtml(t('credentials:design.previewHeading'))}</h2>
          <div id="design-preview">
            <DesignPreview request={request} base={base} design={design} />
          </div>
        </section>
      </div>
    </Layout>
  );
}
