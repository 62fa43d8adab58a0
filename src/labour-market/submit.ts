import { type CurrentUser, requireOrgRole } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import { type AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
import { E } from './errors.ts';
import { TAG_JOB } from './harvest.ts';
import { cleanPosting, MAX_DESCRIPTION, MAX_TITLE, type RawPosting } from './posting.ts';
import { ANALYST_ROLES, apiSource, httpUrl } from './sources.ts';
import { type IngestResult, ingestPosting } from './vacancies.ts';

/** A vacancy sent to `POST /api/v1/vacancies`. */
export interface SubmittedVacancy extends Omit<RawPosting, 'externalId'> {
  organisation: string;
  /** The caller's own id for it: sending the same id again updates the same sighting. */
  id?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Takes in a vacancy sent through the API (owners, admins and analysts of the organisation): it is
 * de-duplicated like a crawled one and sighted on the organisation's API source.
 */
export async function submitVacancy(ctx: AppContext, user: CurrentUser | null, input: SubmittedVacancy): Promise<IngestResult> {
  const { organisation } = await requireOrgRole(ctx, user, input.organisation, ANALYST_ROLES);
  const errors: AppError[] = [];
  const title = typeof input.title === 'string' ? input.title.trim() : '';
  if (!title) errors.push(PlatformErrors.required('title'));
  else if (title.length > MAX_TITLE) errors.push(PlatformErrors.tooLong('title', { max: MAX_TITLE }));
  if (typeof input.description === 'string' && input.description.length > MAX_DESCRIPTION)
    errors.push(PlatformErrors.tooLong('description', { max: MAX_DESCRIPTION }));
  if (typeof input.url === 'string' && input.url && !httpUrl(input.url)) errors.push(E.badUrl('url', { url: input.url.slice(0, 200) }));
  for (const field of ['datePosted', 'validThrough'] as const) {
    const value = input[field];
    if (
      value !== undefined &&
      value !== null &&
      value !== '' &&
      (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value)))
    )
      errors.push(E.badDate(field));
  }
  if (errors.length) throw invalidFields(errors);
  const posting = cleanPosting({ ...input, externalId: input.id });
  if (!posting) throw PlatformErrors.required('title');
  const source = await apiSource(ctx, organisation.id, user?.id ?? null);
  const result = await ingestPosting(ctx, { id: source.id, organisationId: organisation.id, kind: 'api' }, posting);
  if (result.status !== 'seen') {
    try {
      await ctx.jobs.send(TAG_JOB, { organisationId: organisation.id });
    } catch (error) {
      ctx.log.warn({ err: error }, 'labour-market: the tag step could not be queued');
    }
  }
  return result;
}
