/** A link taken from a badge (someone else's data) is used only when it is http(s); else null. */
export function webUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** An image of a badge: http(s), or a PNG/SVG/JPEG/GIF/WebP data URL. */
export function imageUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  if (/^data:image\/(png|svg\+xml|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(value)) return value;
  return webUrl(value);
}
