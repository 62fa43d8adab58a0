import { escapeHtml } from '../../platform/pages/escape.ts';
import type { FastifyRequest } from 'fastify';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import type { AppError } from '../../platform/errors.ts';
import { errorMessage } from '../../platform/http/problem.ts';
import { SkillsErrors } from '../errors.ts';
import type { LangList, LangMap, NamedReference } from '../schema.ts';
import { Breadcrumbs, plain, SKILLS_STYLE } from './components.tsx';

/** The skill form as posted: one text per input. */
export interface SkillFormValues {
  organisationId: string;
  name_en: string;
  name_nl: string;
  statement_en: string;
  statement_nl: string;
  categories: string;
  keywords_en: string;
  keywords_nl: string;
  alignments: string;
  author: string;
}

export const SKILL_FORM_FIELDS: (keyof SkillFormValues)[] = [
  'organisationId',
  'name_en',
  'name_nl',
  'statement_en',
  'statement_nl',
  'categories',
  'keywords_en',
  'keywords_nl',
  'alignments',
  'author',
];

export interface OrganisationChoice {
  id: string;
  name: string;
}

/** What a skill looks like in the form (for editing). */
export function skillToForm(skill: {
  organisationId: string | null;
  name: LangMap;
  statement: LangMap;
  categories: string[];
  keywords: LangList;
  alignments: NamedReference[];
  author: string | null;
}): SkillFormValues {
  return {
    organisationId: skill.organisationId ?? '',
    name_en: skill.name.en ?? '',
    name_nl: skill.name.nl ?? '',
    statement_en: skill.statement.en ?? '',
    statement_nl: skill.statement.nl ?? '',
    categories: skill.categories.join('\n'),
    keywords_en: (skill.keywords.en ?? []).join('\n'),
    keywords_nl: (skill.keywords.nl ?? []).join('\n'),
    alignments: skill.alignments.map((a) => [a.id ?? a.url ?? '', a.name ?? ''].filter(Boolean).join(' ')).join('\n'),
    author: skill.author ?? '',
  };
}

export function formValues(body: unknown): SkillFormValues {
  const b = (body ?? {}) as Record<string, unknown>;
  const out = {} as SkillFormValues;
  for (const f of SKILL_FORM_FIELDS) out[f] = typeof b[f] === 'string' ? (b[f] as string) : '';
  return out;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function langMapOf(pairs: [string, string][]): LangMap {
  const out: LangMap = {};
  for (const [lang, value] of pairs) out[lang] = value.trim();
  return out;
}

/**
 * Reads the form into the library's input, with the checks people most often need named in their
 * language; everything else the library service checks (and the page maps its errors back).
 */
export function parseSkillForm(
  request: FastifyRequest,
  values: SkillFormValues,
): {
  input: Required<
    Pick<import('../library/types.ts').SkillInput, 'name' | 'statement' | 'categories' | 'keywords' | 'alignments' | 'author'>
  >;
  errors: FormErrors;
} {
  const { t } = request;
  const errors: FormErrors = {};
  if (!values.name_en.trim() && !values.name_nl.trim()) errors.name_en = t('skills:pages.editor.errors.nameRequired');
  for (const f of ['name_en', 'name_nl'] as const)
    if (values[f].trim().length > 300) errors[f] = t('skills:pages.editor.errors.tooLong', { max: 300 });
  for (const f of ['statement_en', 'statement_nl'] as const)
    if (values[f].trim().length > 5000) errors[f] = t('skills:pages.editor.errors.tooLong', { max: 5000 });
  if (values.author.trim().length > 300) errors.author = t('skills:pages.editor.errors.tooLong', { max: 300 });
  const alignments: NamedReference[] = [];
  lines(values.alignments).forEach((line, i) => {
    const [first, ...rest] = line.split(/\s+/);
    if (!/^https?:\/\/\S+$/i.test(first)) {
      errors.alignments ??= t('skills:pages.editor.errors.alignment', { line: i + 1 });
      return;
    }
    const name = rest.join(' ').trim();
    alignments.push(name ? { id: first, name } : { id: first });
  });
  const keywords: LangList = {};
  for (const lang of ['en', 'nl'] as const) {
    const list = lines(values[`keywords_${lang}`]);
    if (list.length) keywords[lang] = list;
  }
  return {
    input: {
      name: langMapOf([
        ['en', values.name_en],
        ['nl', values.name_nl],
      ]),
      statement: langMapOf([
        ['en', values.statement_en],
        ['nl', values.statement_nl],
      ]),
      categories: lines(values.categories),
      keywords,
      alignments,
      author: values.author.trim() || null,
    },
    errors,
  };
}

/**
 * Maps a library service's coded error (field paths such as `name.en` or `keywords.nl.2`) onto the
 * form's inputs, each message in the reader's language.
 */
export function mapLibraryErrors(request: FastifyRequest, error: AppError, formFields: readonly string[]): FormErrors {
  const { t } = request;
  const out: FormErrors = {};
  const errors = error.errors.length ? error.errors : [{ field: error.field ?? '', code: error.code, params: error.params }];
  for (const { field: path, code, params } of errors) {
    const [head, lang] = path.split('.');
    let field = head;
    if ((head === 'name' || head === 'statement' || head === 'keywords' || head === 'description') && (lang === 'en' || lang === 'nl'))
      field = `${head}_${lang}`;
    else if (head === 'name' || head === 'statement' || head === 'description') field = `${head}_en`;
    else if (head === 'keywords') field = 'keywords_en';
    if (!formFields.includes(field)) field = formFields.includes('name_en') ? 'name_en' : formFields[0];
    const text =
      head === 'name' && code === SkillsErrors.textInOneLanguage.code
        ? t('skills:pages.editor.errors.nameRequired')
        : errorMessage(t, code, params);
    out[field] ??= text;
  }
  return out;
}

export function SkillEditorPage({
  request,
  values,
  errors,
  organisations,
  skillId,
  skillName,
}: {
  request: FastifyRequest;
  values: SkillFormValues;
  errors?: FormErrors;
  /** Organisations the person may curate in; only asked when creating. */
  organisations: OrganisationChoice[];
  /** Set when editing. */
  skillId?: string;
  skillName?: string;
}) {
  const { t } = request;
  const editing = Boolean(skillId);
  const title = editing ? t('skills:pages.editor.editTitle') : t('skills:pages.editor.newTitle');
  const crumbs = [
    { href: '/skills', label: t('skills:pages.browse.title') },
    ...(editing ? [{ href: `/skills/${skillId}`, label: plain(skillName ?? '') }] : []),
    { label: title },
  ];
  return (
    <Layout request={request} title={title} head={<style>{SKILLS_STYLE}</style>}>
      <Breadcrumbs request={request} crumbs={crumbs} />
      <h1>{escapeHtml(title)}</h1>
      <p class="lead">{escapeHtml(t('skills:pages.editor.lead'))}</p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={editing ? `/skills/${skillId}/edit` : '/skills/new'}>
        {editing ? (
          ''
        ) : (
          <Select
            name="organisationId"
            label={t('skills:pages.editor.organisation')}
            value={values.organisationId}
            errors={errors}
            options={organisations.map((o) => ({ value: o.id, label: plain(o.name) }))}
          />
        )}
        <Field name="name_en" label={t('skills:pages.editor.nameEn')} value={values.name_en} errors={errors} />
        <Field name="name_nl" label={t('skills:pages.editor.nameNl')} value={values.name_nl} errors={errors} />
        <Field name="statement_en" label={t('skills:pages.editor.statementEn')} value={values.statement_en} errors={errors} multiline />
        <Field name="statement_nl" label={t('skills:pages.editor.statementNl')} value={values.statement_nl} errors={errors} multiline />
        <Field
          name="categories"
          label={t('skills:pages.editor.categories')}
          hint={t('skills:pages.editor.categoriesHint')}
          value={values.categories}
          errors={errors}
          multiline
        />
        <Field
          name="keywords_en"
          label={t('skills:pages.editor.keywordsEn')}
          hint={t('skills:pages.editor.keywordsHint')}
          value={values.keywords_en}
          errors={errors}
          multiline
        />
        <Field
          name="keywords_nl"
          label={t('skills:pages.editor.keywordsNl')}
          hint={t('skills:pages.editor.keywordsHint')}
          value={values.keywords_nl}
          errors={errors}
          multiline
        />
        <Field
          name="alignments"
          label={t('skills:pages.editor.alignments')}
          hint={t('skills:pages.editor.alignmentsHint')}
          value={values.alignments}
          errors={errors}
          multiline
        />
        <Field name="author" label={t('skills:pages.editor.author')} value={values.author} errors={errors} autocomplete="name" />
        <div class="actions">
          <button type="submit">{escapeHtml(t(editing ? 'skills:pages.editor.save' : 'skills:pages.editor.create'))}</button>
          <a href={editing ? `/skills/${skillId}` : '/skills'}>{escapeHtml(t('skills:pages.common.cancel'))}</a>
        </div>
      </PostForm>
    </Layout>
  );
}

export function NoOrganisationPage({ request, title }: { request: FastifyRequest; title: string }) {
  return (
    <Layout request={request} title={title}>
      <Breadcrumbs request={request} crumbs={[{ href: '/skills', label: request.t('skills:pages.browse.title') }, { label: title }]} />
      <h1>{escapeHtml(title)}</h1>
      <p>{escapeHtml(request.t('skills:pages.editor.noOrganisation'))}</p>
    </Layout>
  );
}

export interface ImportOutcome {
  count: number;
}

export function ImportPage({
  request,
  organisations,
  organisationId,
  errors,
  problem,
}: {
  request: FastifyRequest;
  organisations: OrganisationChoice[];
  organisationId?: string;
  errors?: FormErrors;
  /** Where in the file the import stopped and what is wrong there, both in the reader's language. */
  problem?: { where: string; detail: string };
}) {
  const { t } = request;
  const title = t('skills:pages.import.title');
  return (
    <Layout request={request} title={title} head={<style>{SKILLS_STYLE}</style>}>
      <Breadcrumbs request={request} crumbs={[{ href: '/skills', label: t('skills:pages.browse.title') }, { label: title }]} />
      <h1>{escapeHtml(title)}</h1>
      <p class="lead">{escapeHtml(t('skills:pages.import.lead'))}</p>
      <ErrorSummary request={request} errors={errors} />
      {problem ? (
        <div class="notice" role="status">
          <p>
            <strong>{escapeHtml(t('skills:pages.import.failed'))}</strong> {escapeHtml(problem.where)}
          </p>
          <p>{escapeHtml(problem.detail)}</p>
        </div>
      ) : (
        ''
      )}
      <PostForm request={request} action="/skills/upload" multipart>
        <Select
          name="organisationId"
          label={t('skills:pages.import.organisation')}
          value={organisationId}
          errors={errors}
          options={organisations.map((o) => ({ value: o.id, label: plain(o.name) }))}
        />
        <Field name="file" type="file" label={t('skills:pages.import.file')} hint={t('skills:pages.import.fileHint')} errors={errors} />
        <button type="submit">{escapeHtml(t('skills:pages.import.submit'))}</button>
      </PostForm>
    </Layout>
  );
}
