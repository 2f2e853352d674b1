// Schema facts that differ between dialects, behind one concept: OpenAPI 3.0 `nullable: true` and
// 3.1 `type: [..., "null"]` (and `x-nullable` from 2.0, converted on load) are the same nullability.

export const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'] as const;
export type JsonType = (typeof JSON_TYPES)[number];

type Obj = Record<string, unknown>;

export interface TypeFacts {
  /** Declared non-null types, sorted; empty when the schema declares no type (any). */
  readonly types: readonly JsonType[];
  /** Whether null is allowed explicitly (nullable, a 'null' type, or `enum` containing null). */
  readonly nullable: boolean;
}

/** Types and nullability of one schema object (no $ref following, no composition). */
export function typeFacts(schema: Obj): TypeFacts {
  const raw = schema.type;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const types = list.filter((t): t is JsonType => typeof t === 'string' && t !== 'null' && isJsonType(t));
  const nullable =
    schema.nullable === true ||
    list.includes('null') ||
    (Array.isArray(schema.enum) && schema.enum.includes(null)) ||
    schema.const === null;
  return { types: [...new Set(types)].sort(), nullable };
}

function isJsonType(t: string): t is JsonType {
  return (JSON_TYPES as readonly string[]).includes(t);
}

/** Whether every value of type `narrow` is a value of type `wide` (integer ⊂ number). */
export function typeIncludes(wide: JsonType, narrow: JsonType): boolean {
  return wide === narrow || (wide === 'number' && narrow === 'integer');
}

/** The JSON type of a value, with integers told apart from other numbers. */
export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    default:
      return 'object';
  }
}
