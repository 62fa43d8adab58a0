// Charts are SVG drawn on the server by Apache ECharts and inserted into pages as they are, as
// SafeHtml (insight's and the community overview's). Their labels come from skills, occupations, vacancies, session titles and badge
// names: ECharts must draw them as text. This checks every chart maker with labels holding markup.
// (The pathway diagram has the same check in test/pathways/diagram.test.ts.)
import { expect, test } from 'vitest';
import { categoryChart, partsChart } from '../../src/communities/overview/charts.ts';
import { barChart, lineChart } from '../../src/insight/charts.ts';

const HOSTILE = '"><img src=x onerror=alert(1)></text><script>alert(2)</script>';

function expectNoElementOf(svg: string) {
  expect(svg).toMatch(/<svg/);
  expect(svg).not.toMatch(/<script|<img/i);
  expect(svg).toContain('&lt;');
}

test('insight bar and line charts draw labels, series names and the description as text', async () => {
  const series = [
    { name: HOSTILE, values: [1, 2] },
    { name: 'b', values: [3, null] },
  ];
  expectNoElementOf((await barChart([HOSTILE, `${HOSTILE} 2`], series, HOSTILE)).html);
  expectNoElementOf((await lineChart(['2026-01', HOSTILE], series, HOSTILE)).html);
});

test('community overview charts draw categories, series names and parts as text', async () => {
  expectNoElementOf(
    (
      await categoryChart(
        [HOSTILE, 'b'],
        [
          { name: HOSTILE, values: [1, 2] },
          { name: 'x', values: [2, 3] },
        ],
      )
    ).html,
  );
  expectNoElementOf((await categoryChart([HOSTILE], [{ name: HOSTILE, values: [1] }], { kind: 'line' })).html);
  expectNoElementOf(
    (
      await partsChart([
        { name: HOSTILE, value: 3 },
        { name: 'b', value: 1 },
      ])
    ).html,
  );
});
