// Turns a direction-free schema diff into checks: the same change is breaking in a request and harmless
// in a response or the other way round (a new enum value, a removed property, a bound relaxed...).
import { CHECKS, type CheckId, formatMessage, isCheckId } from './checks.js';
import type { DiffContext } from './context.js';
import type { SchemaChange, SchemaDiff } from './schema-diff.js';

export interface SchemaScope {
  readonly direction: 'request' | 'response';
  /** What the schema belongs to: a body (request or response media type), a parameter, a response header. */
  readonly holder: 'body' | 'parameter' | 'header';
  readonly operation: string;
  /** Message arguments of the holder: `status`, `media`, `in`, `name`. */
  readonly args: Readonly<Record<string, unknown>>;
}

interface FlatChange {
  readonly change: SchemaChange;
  /** Property path of the node holding the change ('' at the schema root). */
  readonly path: string;
  /** Inside a readOnly or writeOnly property (first path found). */
  readonly access: 'readOnly' | 'writeOnly' | undefined;
  /** Check id and message per holder context (direction, holder, status, media, parameter). */
  rendered?: Map<string, Rendered | null>;
}

interface Rendered {
  readonly id: CheckId;
  readonly message: string;
  /** Shared by every operation the change is reported for. */
  readonly location: { readonly base: string | null; readonly revision: string | null };
}

/** Flattened diffs, shared by every operation and status that reach the same schema pair. */
const flattened = new WeakMap<SchemaDiff, readonly FlatChange[]>();

/**
 * Breadth-first, and each shared sub-diff once: a change in a component reached through several paths
 * (or a cycle) is reported once per operation, at its shortest property path.
 */
function flatten(diff: SchemaDiff): readonly FlatChange[] {
  const hit = flattened.get(diff);
  if (hit !== undefined) return hit;
  const out: FlatChange[] = [];
  const seen = new Set<SchemaDiff>([diff]);
  type Item = [SchemaDiff, string, 'readOnly' | 'writeOnly' | undefined];
  let level: Item[] = [[diff, '', undefined]];
  while (level.length > 0) {
    const next: Item[] = [];
    for (const [d, path, access] of level) {
      for (const change of d.changes) out.push({ change, path, access });
      for (const child of d.children) {
        if (seen.has(child.diff)) continue;
        seen.add(child.diff);
        next.push([
          child.diff,
          child.segment === '' ? path : path === '' ? child.segment : `${path}/${child.segment}`,
          access ?? child.access,
        ]);
      }
    }
    level = next;
  }
  flattened.set(diff, out);
  return out;
}

/** Emits every change of `diff` (and its children) as checks for one operation. */
export function emitSchemaDiff(ctx: DiffContext, diff: SchemaDiff, scope: SchemaScope): void {
  if (diff.changes.length === 0 && diff.children.length === 0) return;
  const key = scopeKey(scope);
  for (const flat of flatten(diff)) {
    flat.rendered ??= new Map();
    let r = flat.rendered.get(key);
    if (r === undefined) {
      r = render(flat.change, scope, flat.path, flat.access);
      flat.rendered.set(key, r);
    }
    if (r === null) continue;
    ctx.changes.push({
      id: r.id,
      level: CHECKS[r.id].level,
      operation: scope.operation,
      location: r.location,
      message: r.message,
      before: flat.change.before,
      after: flat.change.after,
    });
  }
}

function prefixOf(scope: SchemaScope, atRoot: boolean): string {
  if (scope.holder === 'parameter') return atRoot ? 'request-parameter' : 'request-parameter-property';
  if (scope.holder === 'header') return atRoot ? 'response-header' : 'response-header-property';
  return `${scope.direction}-${atRoot ? 'body' : 'property'}`;
}

/** The check id for a change about one named property (added, removed, required, readOnly/writeOnly). */
function propertyCheck(c: SchemaChange, scope: SchemaScope): string | null {
  const info = c.property!;
  const req = scope.direction === 'request';
  if (scope.holder !== 'body') return null;
  switch (c.kind) {
    case 'property-added':
      if (req) {
        if (info.readOnly) return null;
        if (!info.required) return 'new-optional-request-property';
        return info.hasDefault
          ? 'new-required-request-property-with-default'
          : 'new-required-request-property';
      }
      return `response-${info.required ? 'required' : 'optional'}-${info.writeOnly ? 'write-only-' : ''}property-added`;
    case 'property-removed':
      if (req) return info.readOnly ? null : 'request-property-removed';
      return `response-${info.required ? 'required' : 'optional'}-${info.writeOnly ? 'write-only-' : ''}property-removed`;
    case 'became-required':
    case 'became-optional':
      if (req) {
        if (info.readOnly) return null;
        return c.kind === 'became-required' && info.hasDefault
          ? 'request-property-became-required-with-default'
          : `request-property-${c.kind}`;
      }
      return info.writeOnly ? `response-write-only-property-${c.kind}` : `response-property-${c.kind}`;
    default:
      return `${scope.direction}-${info.required ? 'required' : 'optional'}-property-${c.kind}`;
  }
}

function scopeKey(scope: SchemaScope): string {
  const a = scope.args;
  return `${scope.direction}\u0000${scope.holder}\u0000${a.status ?? ''}\u0000${a.media ?? ''}\u0000${a.in ?? ''}\u0000${a.name ?? ''}\u0000${a.formExplode === true}`;
}

/** The check a change becomes in this holder context (operation-independent), or null when none applies. */
function render(
  c: SchemaChange,
  scope: SchemaScope,
  path: string,
  access: 'readOnly' | 'writeOnly' | undefined,
): Rendered | null {
  let id: string | null;
  let property = path;
  if (c.property !== undefined) {
    property = path === '' ? c.property.name : `${path}/${c.property.name}`;
    id = propertyCheck(c, scope);
  } else {
    let kind = c.kind;
    // Narrowing a request type is a plain type change for the client; a widened response type is oasdiff's
    // response-*-type-generalized (breaking).
    if (scope.direction === 'request' && kind === 'type-specialized') kind = 'type-changed';
    // XML carries every value as text: a type changing to or from string is oasdiff's type-compatible.
    if (
      kind === 'type-changed' &&
      scope.holder === 'body' &&
      typeof scope.args.media === 'string' &&
      /[/+]xml\b/.test(scope.args.media) &&
      (c.before === 'string' || c.after === 'string')
    )
      kind = 'type-compatible';
    // A form/explode parameter's single value is a one-element array: wrapping it in an array widens.
    if (
      scope.holder === 'parameter' &&
      path === '' &&
      c.args.wrapsInArray === true &&
      scope.args.formExplode === true
    )
      kind = 'type-generalized';
    // oasdiff reads minItems/maxItems of a parameter's items as the parameter's own.
    const atRoot = path === '' || (scope.holder === 'parameter' && path === 'items' && /-items-/.test(kind));
    id = `${prefixOf(scope, atRoot)}-${kind}`;
    // Clients never send readOnly properties and never receive writeOnly ones: oasdiff has informational
    // request-read-only-* / response-write-only-* variants for some checks; the others keep their level.
    const variant =
      scope.direction === 'request' && access === 'readOnly' && id.startsWith('request-property-')
        ? `request-read-only-property-${id.slice('request-property-'.length)}`
        : scope.direction === 'response' && access === 'writeOnly' && id.startsWith('response-property-')
          ? `response-write-only-property-${id.slice('response-property-'.length)}`
          : undefined;
    if (variant !== undefined && isCheckId(variant)) id = variant;
  }
  if (id === null || !isCheckId(id)) return null;
  const spec = CHECKS[id];
  const arg = (k: string): unknown => (k === 'property' ? property : k in c.args ? c.args[k] : scope.args[k]);
  return { id, message: formatMessage(spec.message, arg), location: { base: c.base, revision: c.revision } };
}
