/**
 * A pathway's steps as a diagram, drawn on the server with Apache ECharts as SVG (renderer 'svg',
 * server-side rendering): no chart script runs in the browser. Steps are columns from left to
 * right ending in the pathway badge (on a phone, a second picture has them one under the other); each step's badges and skills stand under it, green when the
 * person has them. An arrow into a step is solid when the step waits for the one before it
 * (ordered), dashed when it does not. ECharts escapes the text it draws. Loaded on first use.
 */
import { type SafeHtml, safeHtml } from '../platform/pages/safe-html.ts';
import type { PathwayProgress, StepRecord } from './rules.ts';

type ECharts = typeof import('echarts');
let loaded: Promise<ECharts> | null = null;
const echarts = () => {
  loaded ??= import('echarts');
  return loaded;
};

const COLUMN = 210;
const ROW = 62;
const NODE: [number, number] = [176, 46];
const GREEN = '#2e7d32';
const BLUE = '#1f5fa8';
const GREY = '#5f6368';
const TEXT = '#1b1b1b';

export interface DiagramLabels {
  /** "Step 1 · all", "Step 2 · 2 of 3". */
  step: (index: number, step: StepRecord) => string;
  badge: string;
}

/** Where each node stands: steps as columns side by side (wide), or one under the other (narrow, a phone). */
type Layout = 'wide' | 'narrow';

const NARROW_WIDTH = 340;

/** The SVG of a pathway's steps, with the person's progress when given. */
export async function pathwayDiagram(
  steps: readonly StepRecord[],
  badgeName: string,
  labels: DiagramLabels,
  progress?: PathwayProgress | null,
  layout: Layout = 'wide',
): Promise<SafeHtml> {
  const lib = await echarts();
  const narrow = layout === 'narrow';
  const tallest = Math.max(1, ...steps.map((s) => s.options.length));
  const rowsNarrow = steps.reduce((n, s) => n + 1 + s.options.length, 0) + 1;
  const width = narrow ? NARROW_WIDTH : (steps.length + 1) * COLUMN;
  const height = narrow ? rowsNarrow * ROW + 16 : (tallest + 1) * ROW + 24;
  const nodes: Record<string, unknown>[] = [];
  const links: Record<string, unknown>[] = [];
  const box = (colour: string, filled: boolean) => ({
    color: filled ? colour : '#ffffff',
    borderColor: colour,
    borderWidth: 2,
  });
  const wide: [number, number] = narrow ? [NARROW_WIDTH - 40, NODE[1]] : NODE;
  let row = 0;
  const at = (column: number, line: number) =>
    narrow ? { x: NARROW_WIDTH / 2, y: row * ROW + ROW / 2 + 8 } : { x: column * COLUMN + COLUMN / 2, y: line * ROW + ROW / 2 + 8 };
  let previous: string | null = null;
  for (const [i, step] of steps.entries()) {
    const p = progress?.steps[i];
    const colour = p?.complete ? GREEN : p && p.met > 0 && !p.waiting ? BLUE : GREY;
    const id = `step-${i}`;
    nodes.push({
      id,
      name: labels.step(i, step),
      ...at(i, 0),
      symbolSize: wide,
      itemStyle: box(colour, Boolean(p?.complete)),
      label: { color: p?.complete ? '#ffffff' : TEXT, fontWeight: 'bold', width: wide[0] - 24 },
    });
    if (previous)
      links.push({
        source: previous,
        target: id,
        lineStyle: { color: TEXT, width: 2, type: step.ordered ? 'solid' : 'dashed' },
      });
    row++;
    let last = id;
    for (const [k, option] of step.options.entries()) {
      const met = Boolean(p?.options[k]?.holding);
      const optionId = `step-${i}-option-${k}`;
      nodes.push({
        id: optionId,
        name: option.name,
        ...at(i, k + 1),
        symbolSize: [wide[0] - 16, wide[1] - 6],
        itemStyle: box(met ? GREEN : GREY, met),
        label: { color: met ? '#ffffff' : TEXT, width: wide[0] - 40 },
      });
      links.push({ source: narrow ? last : id, target: optionId, lineStyle: { color: GREY, width: 1 } });
      if (narrow) last = optionId;
      row++;
    }
    previous = narrow ? last : id;
  }
  nodes.push({
    id: 'badge',
    name: `${labels.badge}: ${badgeName}`,
    ...at(steps.length, 0),
    symbolSize: wide,
    itemStyle: box(progress?.complete ? GREEN : GREY, Boolean(progress?.complete)),
    label: { color: progress?.complete ? '#ffffff' : TEXT, fontWeight: 'bold', width: wide[0] - 24 },
  });
  if (previous) links.push({ source: previous, target: 'badge', lineStyle: { color: TEXT, width: 2, type: 'solid' } });
  // Two invisible corners, so that the graph's coordinates are the picture's (ECharts fits their range to the box).
  for (const [id, x, y] of [
    ['corner-a', 0, 0],
    ['corner-b', width, height],
  ] as const)
    nodes.push({ id, name: '', x, y, symbolSize: 0, label: { show: false }, itemStyle: { opacity: 0 } });
  const chart = lib.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { color: TEXT, fontFamily: 'sans-serif' },
      series: [
        {
          type: 'graph',
          layout: 'none',
          left: 0,
          top: 0,
          right: 0,
          bottom: 0,
          symbol: 'roundRect',
          symbolSize: NODE,
          roam: false,
          label: { show: true, fontSize: 12, overflow: 'break', lineHeight: 14 },
          data: nodes,
          links,
          emphasis: { disabled: true },
        },
      ],
    });
    // ECharts' SVG renderer escapes every text it draws (a test puts markup in the names), so its
    // output is markup to insert as it is.
    return safeHtml(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}
