import { type SafeHtml, safeHtml } from '../platform/pages/safe-html.ts';

/**
 * Insight's charts as SVG made on the server with Apache ECharts (renderer 'svg', ssr): the page
 * carries the picture, no chart script runs in the browser. ECharts escapes the text it draws and
 * writes the aria description (`aria.label.description`) into the SVG. Loaded on first use
 * (decision 007).
 */

type ECharts = typeof import('echarts');
let loaded: Promise<ECharts> | null = null;
const echarts = () => {
  loaded ??= import('echarts');
  return loaded;
};

const COLOURS = ['#1f5fa8', '#b35c00', '#2e8540', '#6b4fa8'];
const TEXT = '#1b1b1b';
const WIDTH = 640;

export interface Series {
  name: string;
  values: (number | null)[];
}

async function render(option: Record<string, unknown>, description: string, height: number): Promise<SafeHtml> {
  const lib = await echarts();
  const chart = lib.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      color: COLOURS,
      aria: { enabled: true, label: { description } },
      textStyle: { color: TEXT, fontFamily: 'sans-serif' },
      ...option,
    });
    return safeHtml(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

const short = (s: string, n = 28) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Horizontal bars, one row per label (skills, pairs, provinces); several series side by side. */
export function barChart(labels: string[], series: Series[], description: string): Promise<SafeHtml> {
  const height = Math.max(160, 48 + labels.length * (series.length > 1 ? 34 : 26));
  return render(
    {
      grid: { left: 8, right: 40, top: series.length > 1 ? 32 : 8, bottom: 24, containLabel: true },
      legend: series.length > 1 ? { top: 0, data: series.map((s) => s.name) } : undefined,
      yAxis: { type: 'category', inverse: true, data: labels.map((l) => short(l)), axisLabel: { color: TEXT, fontSize: 13 } },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: TEXT, fontSize: 12 } },
      series: series.map((s) => ({ name: s.name, type: 'bar', data: s.values, label: { show: true, position: 'right', fontSize: 12 } })),
    },
    description,
    height,
  );
}

/** A line over periods (weeks or months). */
export function lineChart(labels: string[], series: Series[], description: string): Promise<SafeHtml> {
  return render(
    {
      grid: { left: 8, right: 24, top: series.length > 1 ? 32 : 16, bottom: 8, containLabel: true },
      legend: series.length > 1 ? { top: 0, data: series.map((s) => s.name) } : undefined,
      xAxis: { type: 'category', data: labels, axisLabel: { color: TEXT, fontSize: 12, rotate: labels.length > 8 ? 40 : 0 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: TEXT, fontSize: 12 } },
      series: series.map((s) => ({
        name: s.name,
        type: 'line',
        data: s.values,
        symbolSize: 6,
        label: { show: labels.length <= 14, position: 'top' },
      })),
    },
    description,
    300,
  );
}
