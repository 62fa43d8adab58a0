import { expect, test } from 'vitest';
import { pathwayDiagram } from '../../src/pathways/diagram.ts';
import type { StepRecord } from '../../src/pathways/rules.ts';
import { insertHtml } from '../../src/platform/pages/safe-html.ts';

const HOSTILE = '<img src=x onerror=alert(1)></text><script>alert(2)</script>';

test('names with markup in them are drawn as text: the diagram inserted unescaped carries no element of theirs', async () => {
  const steps: StepRecord[] = [
    {
      key: 's1',
      name: HOSTILE,
      rule: 'all',
      count: 1,
      ordered: false,
      options: [{ type: 'achievement', uri: 'urn:uuid:1', name: HOSTILE }],
    },
  ];
  for (const layout of ['wide', 'narrow'] as const) {
    const html = String(insertHtml(await pathwayDiagram(steps, HOSTILE, { step: () => HOSTILE, badge: HOSTILE }, null, layout)));
    expect(html).toMatch(/^<svg/);
    expect(html).not.toMatch(/<script|<img|<\/text><script/i);
    expect(html).toContain('&lt;');
  }
});
