import { type SafeHtml, safeHtml } from '../platform/pages/safe-html.ts';

/**
 * Insight's charts as SVG made on the server with Apache ECharts (renderer 'svg', ssr): the page
 * carries the picture, no chart script runs in the browser. ECharts escapes the text it draws and
 * writes the aria description (`aria.label.description`) into the SVG. Loaded on first use
 * (decision 007).
 *
 * Each chart is drawn twice, as the pathways diagram is: wide (640 px) and narrow for a phone
 * (360 px: bars with their label above them, fewer ticks, a line with fewer period labels), in
 * `<div class="wide">` and `<div class="narrow">`; the stylesheet shows the one that fits
 * (`.chart .narrow`, public/vaardig.css). The title, the description and the table stay beside it.
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
/** A phone's chart: 390 px less the page's and the panel's margins, drawn at its own size. */
export const NARROW_WIDTH = 340;

export interface Series {
  name: string;
  values: (number | null)[];
}

async function render(option: Record<string, unknown>, description: string, width: number, height: number): Promise<string> {
  const lib = await echarts();
  const chart = lib.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: COLOURS,
      aria: { enabled: true, label: { description } },
      textStyle: { color: TEXT, fontFamily: 'sans-serif' },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The wide and the narrow picture, the stylesheet showing one. */
const both = (wide: string, narrow: string): SafeHtml => safeHtml(`<div class="wide">${wide}</div><div class="narrow">${narrow}</div>`);

const short = (s: string, n = 28) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Horizontal bars, one row per label (skills, pairs, provinces); several series side by side. */
export async function barChart(labels: string[], series: Series[], description: string): Promise<SafeHtml> {
  const many = series.length > 1;
  const legend = many ? { top: 0, data: series.map((s) => s.name) } : undefined;
  const bars = series.map((s) => ({ name: s.name, type: 'bar', data: s.values, label: { show: true, position: 'right', fontSize: 12 } }));
  const wide = await render(
    {
      grid: { left: 8, right: 40, top: many ? 32 : 8, bottom: 24, containLabel: true },
      legend,
      yAxis: { type: 'category', inverse: true, data: labels.map((l) => short(l)), axisLabel: { color: TEXT, fontSize: 13 } },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: TEXT, fontSize: 12 } },
      series: bars,
    },
    description,
    WIDTH,
    Math.max(160, 48 + labels.length * (many ? 34 : 26)),
  );
  // Narrow: the label above its bar across the whole width (a phone has no room beside it), three ticks.
  const row = many ? 58 : 46;
  const narrow = await render(
    {
      grid: { left: 4, right: 36, top: many ? 40 : 8, bottom: 24, containLabel: false },
      legend: legend ? { ...legend, left: 0, itemGap: 12, textStyle: { fontSize: 13 } } : undefined,
      yAxis: {
        type: 'category',
        inverse: true,
        data: labels.map((l) => short(l, 44)),
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: {
          inside: true,
          margin: 0,
          align: 'left',
          verticalAlign: 'bottom',
          padding: [0, 0, many ? 16 : 9, 0],
          color: TEXT,
          fontSize: 13,
        },
        z: 10,
      },
      xAxis: { type: 'value', minInterval: 1, splitNumber: 3, axisLabel: { color: TEXT, fontSize: 12 } },
      series: bars.map((b) => ({ ...b, barWidth: many ? 10 : 14, barGap: '20%', barCategoryGap: '0%' })),
    },
    description,
    NARROW_WIDTH,
    Math.max(120, (many ? 72 : 40) + labels.length * row),
  );
  return both(wide, narrow);
}

/** A line over periods (weeks or months). */
export async function lineChart(labels: string[], series: Series[], description: string): Promise<SafeHtml> {
  const many = series.length > 1;
  const legend = many ? { top: 0, data: series.map((s) => s.name) } : undefined;
  const line = (s: Series, narrow: boolean) => ({
    name: s.name,
    type: 'line',
    data: s.values,
    symbolSize: narrow ? 4 : 6,
    label: { show: labels.length <= (narrow ? 6 : 14), position: 'top' },
  });
  const wide = await render(
    {
      grid: { left: 8, right: 24, top: many ? 32 : 16, bottom: 8, containLabel: true },
      legend,
      xAxis: { type: 'category', data: labels, axisLabel: { color: TEXT, fontSize: 12, rotate: labels.length > 8 ? 40 : 0 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: TEXT, fontSize: 12 } },
      series: series.map((s) => line(s, false)),
    },
    description,
    WIDTH,
    300,
  );
  // Narrow: about four period labels, level, and three ticks up the side.
  const narrow = await render(
    {
      grid: { left: 4, right: 16, top: many ? 40 : 16, bottom: 8, containLabel: true },
      legend: legend ? { ...legend, left: 0 } : undefined,
      xAxis: {
        type: 'category',
        data: labels,
        axisTick: { alignWithLabel: true },
        axisLabel: { color: TEXT, fontSize: 12, rotate: 0, interval: Math.max(0, Math.ceil(labels.length / 4) - 1), hideOverlap: true },
      },
      yAxis: { type: 'value', minInterval: 1, splitNumber: 3, axisLabel: { color: TEXT, fontSize: 12 } },
      series: series.map((s) => line(s, true)),
    },
    description,
    NARROW_WIDTH,
    240,
  );
  return both(wide, narrow);
}
