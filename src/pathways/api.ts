/**
 * The public face of the pathways module: the only file of it that other modules import
 * (test/boundaries.test.ts). A programme (issue 11, part B) makes its certificate a pathway over
 * its module badges with `createPathway`, and reads a participant's progress with `progressOn`.
 */
export { awardCompleted, awardKey } from './awards.ts';
export { evaluate, type Holding, type PathwayProgress, type StepOption, type StepRecord } from './rules.ts';
export {
  createPathway,
  getPathway,
  listPathways,
  type MyProgress,
  type Pathway,
  type PathwayInput,
  progressOn,
  type StepInput,
  updatePathway,
} from './service.ts';
