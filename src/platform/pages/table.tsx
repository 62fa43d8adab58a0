import type { PropsWithChildren } from '@kitajs/html';

/**
 * Every table sits in one of these. On a phone a wide table scrolls inside this box instead of
 * widening the page; the box is a named, focusable region so keyboard users can reach and scroll
 * it (axe: scrollable-region-focusable). `label` names the region: the table's caption or heading.
 */
export function ScrollTable({ label, children }: PropsWithChildren<{ label: string }>) {
  return (
    <section class="table-scroll" tabindex="0" aria-label={label}>
      {children}
    </section>
  );
}
