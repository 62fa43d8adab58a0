import { expect, test } from 'vitest';
import { escapeHtml } from '../../src/platform/pages/escape.ts';
import { Field } from '../../src/platform/pages/forms.tsx';

test('escapeHtml escapes markup and renders nothing for null and undefined', () => {
  // '>' needs no escaping in text or quoted attributes; '<', '&' and quotes do.
  expect(escapeHtml('<script>alert("x")</script> & co')).toBe('&lt;script>alert(&#34;x&#34;)&lt;/script> &amp; co');
  expect(escapeHtml(undefined)).toBe('');
  expect(escapeHtml(null)).toBe('');
  expect(escapeHtml(42)).toBe('42');
});

test('form fields escape their label, value, hint and error', async () => {
  const html = await Field({
    name: 'name',
    label: '<b>Name</b>',
    value: '</textarea><script>x()</script>',
    hint: '<i>hint</i>',
    errors: { name: '<img src=x onerror=alert(1)>' },
    multiline: true,
  });
  expect(html).not.toContain('<script>');
  expect(html).not.toContain('<img');
  expect(html).not.toContain('<b>Name</b>');
  expect(html).toContain('&lt;/textarea>&lt;script>');
});
