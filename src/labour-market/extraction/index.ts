import type { ModulePart } from '../../platform/module.ts';
import { useSkillTagger } from '../tagging.ts';
import { extractCommand } from './cli.ts';
import { extractionRoutes } from './routes.ts';
import { DEFAULT_MIN_SCORE, extractionIndex, refreshSnapshot } from './service.ts';
import { extract } from './match.ts';

export { type Extraction, type ExtractedSkill, type ExtractSkillsOptions, extractSkills } from './service.ts';

/** How long after the server is ready it checks the library snapshot for `vaardig extract`. */
const SNAPSHOT_DELAY_MS = 15_000;

// The vacancies' tag step (../tagging.ts) finds skills with this part.
useSkillTagger(async (ctx, text, lang) => {
  const index = await extractionIndex(ctx);
  const result = extract(index, text, { lang: lang ?? undefined, limit: 60, minScore: DEFAULT_MIN_SCORE });
  return result.skills.map((m) => {
    const skill = index.skills[m.skill]!;
    return {
      skillId: skill.id,
      escoUri: skill.externalUri,
      label: skill.name[result.lang] ?? skill.name.en ?? '',
      score: m.score,
      spans: m.spans,
    };
  });
});

/**
 * Skill extraction (Dutch and English) against the whole library: the service
 * (`extractSkills`), `POST /api/v1/extract` and `vaardig extract`.
 */
export const extractionPart: ModulePart = {
  async routes(app, ctx) {
    await extractionRoutes(app, ctx);
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      timer = setTimeout(() => {
        refreshSnapshot(ctx).catch((error) => ctx.log.warn({ err: error }, 'could not write the extraction vocabulary'));
      }, SNAPSHOT_DELAY_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      clearTimeout(timer);
    });
  },
  cli: { extract: extractCommand },
};
