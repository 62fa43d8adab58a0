import type { ModulePart } from '../../platform/module.ts';

export const issuingPart: ModulePart = {};
