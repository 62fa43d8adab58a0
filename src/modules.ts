import type { VaardigModule } from './platform/module.ts';
import { platformModule } from './platform/index.ts';
import { accountsModule } from './accounts/index.ts';
import { skillsModule } from './skills/index.ts';
import { credentialsModule } from './credentials/index.ts';
import { backpackModule } from './backpack/index.ts';
import { openBadgesApiModule } from './openbadges-api/index.ts';
import { labourMarketModule } from './labour-market/index.ts';
import { communitiesModule } from './communities/index.ts';
import { pathwaysModule } from './pathways/index.ts';
import { endorsementsModule } from './endorsements/index.ts';
import { programmesModule } from './programmes/index.ts';
import { insightModule } from './insight/index.ts';

/** Every capability of Vaardig, in the order their migrations and navigation come. */
export const modules: VaardigModule[] = [
  platformModule,
  accountsModule,
  skillsModule,
  credentialsModule,
  backpackModule,
  openBadgesApiModule,
  labourMarketModule,
  communitiesModule,
  pathwaysModule,
  endorsementsModule,
  programmesModule,
  insightModule,
];
