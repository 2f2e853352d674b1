// The direction-free result of comparing two schemas: what changed at this node, and the children
// (properties, items, composition branches) that changed. Memoized per (base, revision) location pair.

export interface PropertyInfo {
  readonly name: string;
  readonly required: boolean;
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
  readonly hasDefault: boolean;
}

export interface SchemaChange {
  /** oasdiff's suffix for the change (`enum-value-removed`, `max-decreased`, ...) or `property-added`/`property-removed`. */
  readonly kind: string;
  readonly base: string | null;
  readonly revision: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly args: Readonly<Record<string, unknown>>;
  /** The property the change is about, for changes a parent reports about one of its properties. */
  readonly property?: PropertyInfo;
}

export interface SchemaChild {
  /** Path segment for messages (`name`, `items`); '' for branches that do not add one (allOf/oneOf/anyOf). */
  readonly segment: string;
  readonly diff: SchemaDiff;
  /** The property is readOnly (only servers send it) or writeOnly (only clients send it) in the revision. */
  readonly access?: 'readOnly' | 'writeOnly';
}

export interface SchemaDiff {
  readonly changes: readonly SchemaChange[];
  readonly children: readonly SchemaChild[];
}

export const NO_DIFF: SchemaDiff = Object.freeze({ changes: [], children: [] });

export function isEmptyDiff(d: SchemaDiff): boolean {
  return d.changes.length === 0 && d.children.length === 0;
}
