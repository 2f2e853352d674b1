// The contract model: parse, resolve, convert, index.
export type { ApiDocument, Dialect, Operation, Parameter, SourceFormat } from './document.js';
export { buildApiDocument, detectFormat } from './document.js';
export { lineColumn, parseSpecText } from './parse.js';
export type { PathTemplate } from './path-template.js';
export { matchTemplate, parseTemplate, sameTemplate, specificity } from './path-template.js';
export { childPointer, escapeToken, getAt, parsePointer, pointer, unescapeToken } from './pointer.js';
export type { DocumentSet, Located } from './refs.js';
export {
  ANNOTATION_KEYWORDS,
  DATA_KEYS,
  deref,
  isRef,
  lookupRef,
  NAME_MAPS,
  refTarget,
  resolveUri,
  scanRefs,
} from './refs.js';
export type { JsonType, TypeFacts } from './schema.js';
export { jsonTypeOf, typeFacts, typeIncludes } from './schema.js';
export { SWAGGER2_INLINE_SCHEMA_KEYS } from './swagger2.js';
