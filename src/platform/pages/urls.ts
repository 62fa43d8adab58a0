/**
 * Links and images whose address comes from someone other than the operator (a pasted or imported
 * credential, a crawled vacancy, an organisation's website, a learner's evidence link). @kitajs/html
 * escapes quotes in attributes, but a `javascript:`, `data:` or `vbscript:` address would still run
 * or load when followed, so such an address is only used when it is http(s); else null (show the
 * text without a link).
 */
export function webUrl(value: string | null | undefined): string | null {
  if (!value || typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A link that may also be a path on this site ('/…', not '//…'); else as webUrl. */
export function linkUrl(value: string | null | undefined): string | null {
  if (!value || typeof value !== 'string') return null;
  // Browsers drop tabs and newlines from an address, so '/\t/x' would be '//x', another site.
  if (/^\/(?![/\\])/.test(value) && !/\s/.test(value)) return value;
  return webUrl(value);
}

/** An image: http(s), a path on this site, or a PNG/SVG/JPEG/GIF/WebP data URL (an <img> runs no script). */
export function imageUrl(value: string | null | undefined): string | null {
  if (!value || typeof value !== 'string') return null;
  if (/^data:image\/(png|svg\+xml|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(value)) return value;
  return linkUrl(value);
}
