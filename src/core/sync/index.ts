// API sync core: response shapes and their comparison.
export { type CompareInput, compareResponses, type RecordedResponse } from './compare.js';
export { type Shape, type ShapeType, shapeOf, shapeSignature, unionShape } from './shape.js';
