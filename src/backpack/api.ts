/**
 * The public face of the backpack module: the only file of it that other modules import
 * (test/boundaries.test.ts). A person's badges (issued in the network to their confirmed addresses,
 * and imported), their collections, skills profile and public profile.
 */
export { allItems, type BackpackItem, credentialItems, getItem, listItems, setItemState } from './items.ts';
export { findablePeople, isFindable, setFindable } from './profile.ts';
export { type SkillGroup, skillProfile } from './skill-profile.ts';
export { upsertCredential } from './ob-store.ts';
export { type ProfileSettings, profileSettings } from './profile.ts';
