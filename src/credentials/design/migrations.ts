import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

/** The badge designer keeps the design an image was drawn from next to the image. */
const imageDesign: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table achievement_images add column design jsonb`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`alter table achievement_images drop column design`.execute(db);
  },
};

export const designMigrations: Record<string, Migration> = {
  '20-credentials-010-image-design': imageDesign,
};
