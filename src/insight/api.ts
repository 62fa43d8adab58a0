/**
 * The public face of the insight module: the only file of it that other modules import
 * (test/boundaries.test.ts). Demand, supply and gaps read from the rollup tables.
 */
export {};
