import { breakoutTables } from './breakouts/schema.ts';
import { clinicTables } from './clinics/schema.ts';
import { noteTables } from './notes/schema.ts';
import { openSpaceTables } from './open-space/schema.ts';
import { reportTables } from './reports/schema.ts';

/** The tables of part B's parts (notes, breakouts, clinics, open space, reports), listed in schema.ts's `tables`. */
export const partBTables = [...noteTables, ...breakoutTables, ...clinicTables, ...openSpaceTables, ...reportTables] as const;
