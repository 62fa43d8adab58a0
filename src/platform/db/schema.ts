/**
 * The whole database as Kysely sees it. Each module adds its own tables by declaration merging
 * (`declare module '../platform/db/schema.ts' { interface Database { ... } }` in its `schema.ts`), so
 * a module's tables are declared beside its code and this file never needs to change.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each module
export interface Database {}
