import type { ModulePart } from '../../platform/module.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { designMigrations } from './migrations.ts';
import { registerDesignerPages } from './routes.tsx';

/**
 * The badge image designer (shape, colours, a Lucide icon, text; live preview; the same image in
 * SVG and PNG), at /organisations/:slug/achievements/:id/image for the organisation's issuers.
 */
export const designPart: ModulePart = {
  migrations: designMigrations,
  locales: { en, nl },
  routes: async (app, ctx) => registerDesignerPages(app, ctx),
};
