// Placeholder type for the memoized schema-pair diff (filled in by schemas.ts).
export interface SchemaDiff {
  readonly empty: boolean;
}
