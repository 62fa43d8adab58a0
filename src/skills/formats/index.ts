/** Exchange formats of the skills library: pure functions from skills to documents and back. */
export { toCase } from './case.ts';
export * from './common.ts';
export { parseCsv, toCsv } from './csv.ts';
export { CTDL_ASN_CONTEXT, toCtdl } from './ctdl.ts';
export { parseRsd, toRsd, toRsdCollection } from './rsd.ts';

export const EXPORT_FORMATS = ['rsd', 'csv', 'case', 'ctdl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const IMPORT_FORMATS = ['csv', 'rsd'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
