import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDateTime, formatNumber } from '../../platform/pages/format.ts';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Health, LogRow, RunRow } from '../runs.ts';
import { runView } from '../runs.ts';

const NS = 'labour-market';
export const tr = (request: FastifyRequest, key: string, params?: Record<string, unknown>) => request.t(`${NS}:${key}`, params);

export function HealthTag({ request, health }: { request: FastifyRequest; health: Health }) {
  return <span class={`tag health-${health}`}>{escapeHtml(tr(request, `health.${health}`))}</span>;
}

/** A run's log line in the reader's language. */
export function logText(request: FastifyRequest, line: Pick<LogRow, 'code' | 'params'>): string {
  return tr(request, `log.${line.code}`, { ...(line.params ?? {}), defaultValue: line.code });
}

/** Why a run failed, in the reader's language. */
export function runError(request: FastifyRequest, run: RunRow): string {
  return run.error_code ? request.t(run.error_code, { ...(run.error_params ?? {}), defaultValue: run.error_code }) : '';
}

const PROBLEM_KEYS = [
  'notFound',
  'httpErrors',
  'timeouts',
  'tooLarge',
  'redirectLoops',
  'networkErrors',
  'brokenJsonLd',
  'private',
  'invalid',
  'disallowed',
  'outsideHosts',
];

export function countsLine(request: FastifyRequest, counts: Record<string, number>): string {
  return tr(request, 'source.countsLine', {
    postings: formatNumber(request, counts.postings ?? 0),
    new: formatNumber(request, counts.new ?? 0),
    duplicates: formatNumber(request, (counts.exact ?? 0) + (counts.near ?? 0)),
    problems: formatNumber(
      request,
      PROBLEM_KEYS.reduce((n, k) => n + (counts[k] ?? 0), 0),
    ),
  });
}

/** The runs of a source, with a progress bar for the one that is going. */
export function RunsTable({ request, runs }: { request: FastifyRequest; runs: RunRow[] }) {
  if (runs.length === 0) return <p>{escapeHtml(tr(request, 'source.noRuns'))}</p>;
  return (
    <ScrollTable label={tr(request, 'source.runsTable')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{escapeHtml(tr(request, 'source.col.started'))}</th>
            <th scope="col">{escapeHtml(tr(request, 'source.col.status'))}</th>
            <th scope="col">{escapeHtml(tr(request, 'source.col.progress'))}</th>
            <th scope="col">{escapeHtml(tr(request, 'source.col.counts'))}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const view = runView(run);
            return (
              <tr>
                <td>{escapeHtml(formatDateTime(request, view.createdAt))}</td>
                <td>
                  {escapeHtml(tr(request, `status.${run.status}`))}
                  {run.status === 'failed' ? (
                    <>
                      <br />
                      <span class="error-message">{escapeHtml(runError(request, run))}</span>
                    </>
                  ) : (
                    ''
                  )}
                </td>
                <td>
                  <progress max="100" value={String(view.percent)} aria-label={tr(request, 'source.progress')}>
                    {escapeHtml(`${view.percent}%`)}
                  </progress>{' '}
                  {escapeHtml(
                    `${view.percent}% (${formatNumber(request, run.done)}/${formatNumber(request, Math.max(run.total, run.done))})`,
                  )}
                </td>
                <td>{escapeHtml(countsLine(request, view.counts))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** Every count of a run that is not zero, named. */
export function CountsList({ request, counts }: { request: FastifyRequest; counts: Record<string, number> }) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (!entries.length) return '';
  return (
    <dl class="stats">
      {entries.map(([key, n]) => (
        <div>
          <dt>{escapeHtml(tr(request, `counts.${key}`, { defaultValue: key }))}</dt>
          <dd>{escapeHtml(formatNumber(request, n))}</dd>
        </div>
      ))}
    </dl>
  );
}

export function LogTable({ request, lines }: { request: FastifyRequest; lines: LogRow[] }) {
  if (lines.length === 0) return <p>{escapeHtml(tr(request, 'source.noLog'))}</p>;
  return (
    <ScrollTable label={tr(request, 'source.logTable')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{escapeHtml(tr(request, 'source.logCol.at'))}</th>
            <th scope="col">{escapeHtml(tr(request, 'source.logCol.level'))}</th>
            <th scope="col">{escapeHtml(tr(request, 'source.logCol.event'))}</th>
            <th scope="col">{escapeHtml(tr(request, 'source.logCol.address'))}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr>
              <td>{escapeHtml(formatDateTime(request, new Date(line.at)))}</td>
              <td>{escapeHtml(tr(request, `source.level.${line.level}`))}</td>
              <td>{escapeHtml(logText(request, line))}</td>
              <td>{line.url ? <code>{escapeHtml(line.url)}</code> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** Cuts a text into pieces, marking those inside the spans; each marked piece names the skills whose spans cover it. */
export function markedPieces(text: string, spans: { start: number; end: number; label: string }[]): { text: string; labels: string[] }[] {
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(Math.max(0, Math.min(text.length, s.start)));
    cuts.add(Math.max(0, Math.min(text.length, s.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: { text: string; labels: string[] }[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (a === b) continue;
    const labels = [...new Set(spans.filter((s) => s.start <= a && s.end >= b).map((s) => s.label))];
    const last = pieces[pieces.length - 1];
    if (last && last.labels.join('\n') === labels.join('\n')) last.text += text.slice(a, b);
    else pieces.push({ text: text.slice(a, b), labels });
  }
  return pieces;
}

/** A text with the spans of skills marked (`<mark>`, the skills named in its title), line breaks kept. */
export function MarkedText({ text, spans }: { text: string; spans: { start: number; end: number; label: string }[] }) {
  return (
    <div class="vacancy-text" style="white-space: pre-line">
      {markedPieces(text, spans).map((piece) =>
        piece.labels.length ? <mark title={piece.labels.join(', ')}>{escapeHtml(piece.text)}</mark> : escapeHtml(piece.text),
      )}
    </div>
  );
}
