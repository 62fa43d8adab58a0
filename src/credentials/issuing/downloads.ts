import { bakePng, bakeSvg } from '../baking/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { E } from '../errors.ts';
import { achievementImage } from './achievements.ts';
import { badgeSvg, svgAroundPng, svgToPng } from './images.ts';
import { issuerColours } from './issuer.ts';
import type { IssuedCredential } from './issue.ts';

export type DownloadFormat = 'json' | 'jwt' | 'png' | 'svg';

export interface Download {
  body: Buffer | string;
  type: string;
  filename: string;
}

/** The image of the achievement version the credential was issued under. */
async function baseImage(ctx: AppContext, credential: IssuedCredential): Promise<{ mime: string; data: Buffer } | null> {
  const image = credential.document.credentialSubject?.achievement?.image?.id as string | undefined;
  const match = image && /\/achievement-images\/([0-9a-f-]{36})\.(png|svg)$/.exec(image);
  return match ? achievementImage(ctx, match[1]) : null;
}

/**
 * A credential as a file: the JSON, the VC-JWT, or the badge image with the credential baked in
 * (PNG iTXt `openbadgecredential`, SVG `openbadges:credential`; JWT credentials bake the compact JWS).
 */
export async function credentialDownload(ctx: AppContext, credential: IssuedCredential, format: DownloadFormat): Promise<Download> {
  const base = `badge-${credential.id}`;
  const payload: string | object = credential.jwt ?? credential.document;
  if (format === 'json')
    return { body: `${JSON.stringify(credential.document, null, 2)}\n`, type: 'application/vc+ld+json', filename: `${base}.json` };
  if (format === 'jwt') {
    if (!credential.jwt) throw E.fileNotFound('format');
    return { body: credential.jwt, type: 'application/vc+jwt', filename: `${base}.jwt` };
  }
  const image = await baseImage(ctx, credential);
  // One picture in both formats: an SVG image is rendered to the PNG (text included), a PNG image
  // is wrapped in the SVG; without an image both come from the same generated SVG.
  const generated = async () => badgeSvg(credential.name, await issuerColours(ctx, credential.organisationId));
  if (format === 'png') {
    const png = image?.mime === 'image/png' ? image.data : svgToPng(image?.mime === 'image/svg+xml' ? image.data : await generated());
    return { body: bakePng(png, payload), type: 'image/png', filename: `${base}.png` };
  }
  const svg =
    image?.mime === 'image/svg+xml'
      ? image.data.toString('utf8')
      : image?.mime === 'image/png'
        ? svgAroundPng(image.data, credential.name)
        : await generated();
  return { body: bakeSvg(svg, payload), type: 'image/svg+xml', filename: `${base}.svg` };
}
