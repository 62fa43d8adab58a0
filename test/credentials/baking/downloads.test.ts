import { expect, it } from 'vitest';
import { unbake } from '../../../src/credentials/baking/index.ts';
import { achievementImage, createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { credentialDownload } from '../../../src/credentials/issuing/downloads.ts';
import { svgToPng } from '../../../src/credentials/issuing/images.ts';
import { issueCredential } from '../../../src/credentials/issuing/issue.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { organisationWith, person } from '../issuing/helpers.ts';
import { decodePng, whitePixelsInDisc } from './png.ts';

describeEachDatabase('baked PNG downloads show the text of the badge', (ctx, kind) => {
  const slug = `images-${kind}`;
  it('a credential whose achievement has the generated SVG image downloads as a PNG of that SVG, with its text, and the credential in iTXt', async () => {
    const issuer = await person(ctx(), 'Iris');
    await organisationWith(ctx(), slug, [[issuer, 'issuer']]);
    const achievement = await createAchievement(ctx(), issuer, slug, {
      name: 'Veilig lassen',
      description: 'd',
      criteriaNarrative: 'c',
    });
    const credential = await issueCredential(ctx(), issuer, slug, {
      achievementId: achievement.id,
      recipient: { email: 'w@example.org' },
      notify: false,
    });
    const png = Buffer.from((await credentialDownload(ctx(), credential, 'png')).body);
    const imageId = /achievement-images\/([0-9a-f-]{36})\.svg$/.exec(String(achievement.imageUrl))?.[1];
    const svg = (await achievementImage(ctx(), imageId as string))?.data as Buffer;
    expect(svg.toString('utf8')).toContain('Veilig lassen');
    expect(decodePng(png).pixels.equals(decodePng(svgToPng(svg)).pixels)).toBe(true);
    expect(whitePixelsInDisc(png)).toBeGreaterThan(1000);
    expect(JSON.parse(unbake(png)!.text).id).toBe(credential.document.id);
  });
});
