// API sync core: response shapes, their comparison, fixture variants and sync findings.
export { type CompareInput, compareResponses, type RecordedResponse } from './compare.js';
export { type SyncSample, syncFinding } from './findings.js';
export { type Shape, type ShapeType, shapeOf, shapeSignature, unionShape } from './shape.js';
export { fixtureVariantPath, parseFixtureName, responseShapeHash } from './variants.js';
