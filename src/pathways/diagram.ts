/**
 * A pathway's steps as a diagram, drawn on the server with Apache ECharts as SVG (renderer 'svg',
 * server-side rendering): no chart script runs in the browser. Steps are columns from left to
 * right ending in the pathway badge; each step's badges and skills stand under it, green when the
 * person has them. An arrow into a step is solid when the step waits for the one before it
 * (ordered), dashed when it does not. ECharts escapes the text it draws. Loaded on first use.
 */
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

/** The SVG of a pathway's steps, with the person's progress when given. */
export async function pathwayDiagram(
  steps: readonly StepRecord[],
  badgeName: string,
  labels: DiagramLabels,
  progress?: PathwayProgress | null,
): Promise<string> {
  const lib = await echarts();
  const tallest = Math.max(1, ...steps.map((s) => s.options.length));
  const width = (steps.length + 1) * COLUMN;
  const height = (tallest + 1) * ROW + 24;
  const nodes: Record<string, unknown>[] = [];
  const links: Record<string, unknown>[] = [];
  const box = (colour: string, filled: boolean) => ({
    color: filled ? colour : '#ffffff',
    borderColor: colour,
    borderWidth: 2,
  });
  for (const [i, step] of steps.entries()) {
    const p = progress?.steps[i];
    const colour = p?.complete ? GREEN : p && p.met > 0 && !p.waiting ? BLUE : GREY;
    nodes.push({
      id: `step-${i}`,
      name: labels.step(i, step),
      x: i * COLUMN + COLUMN / 2,
      y: ROW / 2 + 8,
      itemStyle: box(colour, Boolean(p?.complete)),
      label: { color: p?.complete ? '#ffffff' : TEXT, fontWeight: 'bold' },
    });
    for (const [k, option] of step.options.entries()) {
      const met = Boolean(p?.options[k]?.holding);
      nodes.push({
        id: `step-${i}-option-${k}`,
        name: option.name,
        x: i * COLUMN + COLUMN / 2,
        y: (k + 1) * ROW + ROW / 2 + 8,
        symbolSize: [NODE[0] - 16, NODE[1] - 6],
        itemStyle: box(met ? GREEN : GREY, met),
        label: { color: met ? '#ffffff' : TEXT },
      });
      links.push({ source: `step-${i}`, target: `step-${i}-option-${k}`, lineStyle: { color: GREY, width: 1, curveness: 0 } });
    }
    if (i > 0) {
      links.push({
        source: `step-${i - 1}`,
        target: `step-${i}`,
        lineStyle: { color: TEXT, width: 2, type: step.ordered ? 'solid' : 'dashed' },
        symbol: ['none', 'arrow'],
      });
    }
  }
  nodes.push({
    id: 'badge',
    name: `${labels.badge}: ${badgeName}`,
    x: steps.length * COLUMN + COLUMN / 2,
    y: ROW / 2 + 8,
    symbol: 'roundRect',
    itemStyle: box(progress?.complete ? GREEN : GREY, Boolean(progress?.complete)),
    label: { color: progress?.complete ? '#ffffff' : TEXT, fontWeight: 'bold' },
  });
  if (steps.length)
    links.push({
      source: `step-${steps.length - 1}`,
      target: 'badge',
      lineStyle: { color: TEXT, width: 2, type: 'solid' },
      symbol: ['none', 'arrow'],
    });
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
          edgeSymbolSize: 9,
          label: { show: true, fontSize: 12, width: NODE[0] - 24, overflow: 'break', lineHeight: 14 },
          data: nodes,
          links,
          emphasis: { disabled: true },
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
