// GitOps, the pure part: branch names git accepts, PR identity, fixture layout, change-set planning.
export { branchSlug, prBranchName, slugify } from './branch.js';
export {
  type ChangeSetOptions,
  type ChangeSetPlan,
  type GitopsIncident,
  type IncidentPlan,
  operationOf,
  type PlannedFixture,
  type PlannedOperation,
  planChangeSet,
  sortIncidents,
} from './change-set.js';
export {
  incidentOperations,
  operationsFromChanges,
  specSampleOperations,
  toPatchOperation,
} from './corrections.js';
export { type FingerprintSet, fingerprintSet } from './fingerprint-set.js';
export { type FixtureFile, fixturePath, pathSlug, renderFixture, templateOfSlug } from './fixtures.js';
export { branchNameProblem, isValidBranchName } from './refname.js';
export { sampleExchange, sampleSpecPointer, sampleValue } from './samples.js';
