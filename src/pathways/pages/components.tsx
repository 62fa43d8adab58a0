import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import type { PathwayProgress, StepRecord } from '../rules.ts';
import type { Pathway } from '../service.ts';

export const p = (request: FastifyRequest, key: string, options?: Record<string, unknown>) => request.t(`pathways:${key}`, options);

/** "Step 2: Deepen" or "Step 2". */
export function stepTitle(request: FastifyRequest, index: number, step: Pick<StepRecord, 'name'>): string {
  return step.name
    ? p(request, 'detail.stepNamed', { number: index + 1, name: step.name })
    : p(request, 'detail.stepName', { number: index + 1 });
}

/** "all of these" or "2 of these", and "after the step before". */
export function ruleText(request: FastifyRequest, step: StepRecord): string {
  const rule = step.rule === 'all' ? p(request, 'detail.all') : p(request, 'detail.any', { count: step.count });
  return step.ordered ? `${rule} · ${p(request, 'detail.ordered')}` : rule;
}

/** A pathway's status as a tag, unless it is published. */
export function StatusTag({ request, pathway }: { request: FastifyRequest; pathway: Pick<Pathway, 'status'> }) {
  if (pathway.status === 'published') return '';
  return <span class="tag">{escapeHtml(p(request, `detail.status.${pathway.status}`))}</span>;
}

/** Where a person stands on a pathway, in one line. */
export function ProgressLine({
  request,
  progress,
  awarded,
}: {
  request: FastifyRequest;
  progress: PathwayProgress | null;
  awarded: boolean;
}) {
  if (awarded) return <span class="tag">{escapeHtml(p(request, 'list.earned'))}</span>;
  if (!progress) return '';
  if (progress.complete) return <span class="tag">{escapeHtml(p(request, 'list.complete'))}</span>;
  return (
    <span>
      <progress max={String(progress.steps.length)} value={String(progress.done)} aria-hidden="true" />{' '}
      {escapeHtml(p(request, 'list.progress', { done: progress.done, total: progress.steps.length }))}
    </span>
  );
}
