import type { ModulePart } from '../../platform/module.ts';

export const libraryPart: ModulePart = {};
