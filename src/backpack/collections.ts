import type { AppContext } from '../platform/context.ts';
import { invalidFields, PlatformErrors, type AppError } from '../platform/errors.ts';
import { E } from './errors.ts';
import { type BackpackItem, findItems, getItem, isUuid } from './items.ts';

/**
 * A person's collections of badges: named, ordered (collections among themselves and the badges
 * in each), public or private. A public collection shows on the person's profile once they
 * publish it (src/backpack/profile.ts); a private one only to them.
 */

export const MAX_COLLECTIONS = 50;
export const MAX_NAME = 100;
export const MAX_DESCRIPTION = 1000;

export interface Collection {
  id: string;
  name: string;
  description: string;
  isPublic: boolean;
  position: number;
  itemCount: number;
}

export interface CollectionDetail extends Collection {
  items: BackpackItem[];
  /** The person's badges that are not in it yet (to add). */
  others: BackpackItem[];
}

export interface CollectionInput {
  name: string;
  description?: string;
  isPublic?: boolean;
}

function validate(input: CollectionInput): { name: string; description: string; isPublic: boolean } {
  const name = (typeof input.name === 'string' ? input.name : '').trim();
  const description = (typeof input.description === 'string' ? input.description : '').trim();
  const errors: AppError[] = [];
  if (!name) errors.push(PlatformErrors.required('name'));
  else if (name.length > MAX_NAME) errors.push(PlatformErrors.tooLong('name', { max: MAX_NAME }));
  if (description.length > MAX_DESCRIPTION) errors.push(PlatformErrors.tooLong('description', { max: MAX_DESCRIPTION }));
  if (errors.length) throw invalidFields(errors);
  return { name, description, isPublic: input.isPublic === true };
}

/** The person's collections in their order, with how many badges each holds. */
export async function listCollections(ctx: AppContext, userId: string): Promise<Collection[]> {
  const rows = await ctx.db
    .selectFrom('backpack_collections as c')
    .leftJoin('backpack_collection_items as ci', 'ci.collection_id', 'c.id')
    .select(['c.id', 'c.name', 'c.description', 'c.is_public', 'c.position', (eb) => eb.fn.count<string>('ci.item_id').as('n')])
    .where('c.user_id', '=', userId)
    .groupBy(['c.id', 'c.name', 'c.description', 'c.is_public', 'c.position'])
    .orderBy('c.position')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    isPublic: r.is_public,
    position: r.position,
    itemCount: Number(r.n),
  }));
}

async function ownCollection(ctx: AppContext, userId: string, id: string) {
  if (!isUuid(id)) throw E.collectionNotFound('id');
  const row = await ctx.db
    .selectFrom('backpack_collections')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw E.collectionNotFound('id');
  return row;
}

/** The badges of collections in their order (only the person's badges that are still in the backpack). */
export async function collectionItems(ctx: AppContext, userId: string, collectionIds: string[]): Promise<Map<string, BackpackItem[]>> {
  const out = new Map<string, BackpackItem[]>(collectionIds.map((id) => [id, []]));
  if (collectionIds.length === 0) return out;
  const links = await ctx.db
    .selectFrom('backpack_collection_items')
    .select(['collection_id', 'item_id'])
    .where('collection_id', 'in', collectionIds)
    .orderBy('position')
    .orderBy('item_id')
    .execute();
  const items = new Map((await findItems(ctx, userId, { ids: [...new Set(links.map((l) => l.item_id))] })).map((i) => [i.id, i]));
  for (const link of links) {
    const item = items.get(link.item_id);
    if (item) out.get(link.collection_id)?.push(item);
  }
  return out;
}

/** One of the person's collections with its badges; someone else's is "not found". */
export async function getCollection(ctx: AppContext, userId: string, id: string): Promise<CollectionDetail> {
  const row = await ownCollection(ctx, userId, id);
  const items = (await collectionItems(ctx, userId, [row.id])).get(row.id) ?? [];
  const inside = new Set(items.map((i) => i.id));
  const others = (await findItems(ctx, userId, { states: ['pending', 'accepted'], sync: true })).filter((i) => !inside.has(i.id));
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isPublic: row.is_public,
    position: row.position,
    itemCount: items.length,
    items,
    others,
  };
}

export async function createCollection(ctx: AppContext, userId: string, input: CollectionInput): Promise<Collection> {
  const values = validate(input);
  const existing = await listCollections(ctx, userId);
  if (existing.length >= MAX_COLLECTIONS) throw E.tooManyCollections('name', { max: MAX_COLLECTIONS });
  const position = existing.reduce((max, c) => Math.max(max, c.position + 1), 0);
  const row = await ctx.db
    .insertInto('backpack_collections')
    .values({ user_id: userId, name: values.name, description: values.description, is_public: values.isPublic, position })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, ...values, position, itemCount: 0 };
}

export async function updateCollection(ctx: AppContext, userId: string, id: string, input: CollectionInput): Promise<void> {
  const row = await ownCollection(ctx, userId, id);
  const values = validate(input);
  await ctx.db
    .updateTable('backpack_collections')
    .set({ name: values.name, description: values.description, is_public: values.isPublic })
    .where('id', '=', row.id)
    .where('user_id', '=', userId)
    .execute();
}

/** Deletes a collection (the badges stay in the backpack). */
export async function deleteCollection(ctx: AppContext, userId: string, id: string): Promise<string> {
  const row = await ownCollection(ctx, userId, id);
  await ctx.db.deleteFrom('backpack_collections').where('id', '=', row.id).where('user_id', '=', userId).execute();
  return row.name;
}

/** Adds one of the person's badges at the end of the collection (nothing when it is in already). */
export async function addToCollection(ctx: AppContext, userId: string, id: string, itemId: string): Promise<BackpackItem> {
  const row = await ownCollection(ctx, userId, id);
  let item: BackpackItem;
  try {
    item = await getItem(ctx, userId, itemId);
  } catch {
    throw E.itemNotFound('item');
  }
  const last = await ctx.db
    .selectFrom('backpack_collection_items')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('collection_id', '=', row.id)
    .executeTakeFirst();
  await ctx.db
    .insertInto('backpack_collection_items')
    .values({ collection_id: row.id, item_id: item.id, position: Number(last?.max ?? -1) + 1 })
    .onConflict((oc) => oc.columns(['collection_id', 'item_id']).doNothing())
    .execute();
  return item;
}

export async function removeFromCollection(ctx: AppContext, userId: string, id: string, itemId: string): Promise<void> {
  const row = await ownCollection(ctx, userId, id);
  if (!isUuid(itemId)) throw E.itemNotFound('item');
  const deleted = await ctx.db
    .deleteFrom('backpack_collection_items')
    .where('collection_id', '=', row.id)
    .where('item_id', '=', itemId)
    .returning('item_id')
    .executeTakeFirst();
  if (!deleted) throw E.itemNotFound('item');
}

function direction(value: string): -1 | 1 {
  if (value === 'up') return -1;
  if (value === 'down') return 1;
  throw E.direction('direction');
}

/** Moves a badge one place up or down in the collection. */
export async function moveInCollection(ctx: AppContext, userId: string, id: string, itemId: string, dir: string): Promise<void> {
  const step = direction(dir);
  const row = await ownCollection(ctx, userId, id);
  await ctx.db.transaction().execute(async (trx) => {
    const links = await trx
      .selectFrom('backpack_collection_items')
      .select(['item_id', 'position'])
      .where('collection_id', '=', row.id)
      .orderBy('position')
      .orderBy('item_id')
      .execute();
    const i = links.findIndex((l) => l.item_id === itemId);
    if (i < 0) throw E.itemNotFound('item');
    const j = i + step;
    if (j < 0 || j >= links.length) return;
    [links[i], links[j]] = [links[j], links[i]];
    // Renumber the whole list: positions stay 0..n-1 whatever happened before.
    for (const [position, link] of links.entries())
      await trx
        .updateTable('backpack_collection_items')
        .set({ position })
        .where('collection_id', '=', row.id)
        .where('item_id', '=', link.item_id)
        .execute();
  });
}

/** Moves a collection one place up or down among the person's collections. */
export async function moveCollection(ctx: AppContext, userId: string, id: string, dir: string): Promise<void> {
  const step = direction(dir);
  const row = await ownCollection(ctx, userId, id);
  await ctx.db.transaction().execute(async (trx) => {
    const all = await trx
      .selectFrom('backpack_collections')
      .select(['id'])
      .where('user_id', '=', userId)
      .orderBy('position')
      .orderBy('id')
      .execute();
    const i = all.findIndex((c) => c.id === row.id);
    const j = i + step;
    if (j < 0 || j >= all.length) return;
    [all[i], all[j]] = [all[j], all[i]];
    for (const [position, c] of all.entries())
      await trx.updateTable('backpack_collections').set({ position }).where('id', '=', c.id).where('user_id', '=', userId).execute();
  });
}
