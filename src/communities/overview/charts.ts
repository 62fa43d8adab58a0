/**
 * Charts as SVG made on the server with Apache ECharts (server-side rendering, renderer 'svg'): the
 * page carries the picture itself, no chart script runs in the browser. ECharts escapes the text it
 * draws. ECharts is loaded on first use (decision 007: heavy code loads when needed).
 */

import { type SafeHtml, safeHtml } from '../../platform/pages/safe-html.ts';

type ECharts = typeof import('echarts');
let loaded: Promise<ECharts> | null = null;
const echarts = () => {
  loaded ??= import('echarts');
  return loaded;
};

const COLOURS = ['#1f5fa8', '#2e8540', '#b35c00', '#6b4fa8'];
const TEXT = '#1b1b1b';

export interface Series {
  name: string;
  values: number[];
}

async function render(option: Record<string, unknown>, width: number, height: number): Promise<SafeHtml> {
  const lib = await echarts();
  const chart = lib.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: COLOURS, textStyle: { color: TEXT, fontFamily: 'sans-serif' }, ...option });
    return safeHtml(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** Bars (or lines) for categories along the x axis; one series or several side by side. */
export async function categoryChart(
  categories: string[],
  series: Series[],
  options: { kind?: 'bar' | 'line'; width?: number; height?: number } = {},
): Promise<SafeHtml> {
  return render(
    {
      grid: { left: 48, right: 16, top: series.length > 1 ? 40 : 16, bottom: 56 },
      legend: series.length > 1 ? { top: 0, data: series.map((s) => s.name) } : undefined,
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: { interval: 0, rotate: categories.length > 6 ? 40 : 0, color: TEXT, fontSize: 13 },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: TEXT, fontSize: 13 } },
      series: series.map((s) => ({
        name: s.name,
        type: options.kind ?? 'bar',
        data: s.values,
        label: { show: categories.length <= 12, position: 'top' },
      })),
    },
    options.width ?? 480,
    options.height ?? 300,
  );
}

/** Parts of a whole (a donut), each with its label and count. */
export async function partsChart(
  parts: { name: string; value: number }[],
  options: { width?: number; height?: number } = {},
): Promise<SafeHtml> {
  return render(
    {
      legend: { bottom: 0 },
      series: [
        { type: 'pie', radius: ['40%', '70%'], data: parts, stillShowZeroSum: false, label: { formatter: '{b}: {c}', fontSize: 14 } },
      ],
    },
    options.width ?? 480,
    options.height ?? 300,
  );
}
