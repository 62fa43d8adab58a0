// A feed's records are someone else's: a posting's address is shown as a link (vacancy pages, the
// matching pages, the API). One that is not http(s) is dropped when the posting is read.
import { expect, test } from 'vitest';
import { cleanPosting } from '../../src/labour-market/posting.ts';

test('a posting keeps an http(s) address and drops javascript:, data: and what is not an address', () => {
  const posting = (url: string) => cleanPosting({ title: 'Lasser', description: 'Lassen in Oss.', url });
  expect(posting('https://werk.example.nl/vacatures/1')?.url).toBe('https://werk.example.nl/vacatures/1');
  expect(posting('http://werk.example.nl/v?id=2')?.url).toBe('http://werk.example.nl/v?id=2');
  for (const bad of [
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:x',
    'werk.example.nl/1',
  ]) {
    const p = posting(bad);
    expect(p, bad).not.toBeNull();
    expect(p?.url, bad).toBeNull();
  }
});
