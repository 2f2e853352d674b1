// $ref resolution over documents already in memory (the adapter loads files; core never does I/O).
// Locations are `uri#/pointer`, with the entry document's own pointers written as plain `#/...`.
import { DriftgateError } from '../errors.js';
import { getAt, parsePointer } from './pointer.js';

/** Parsed documents by uri; the entry document is among them. */
export type DocumentSet = ReadonlyMap<string, unknown>;

export interface Located<T = unknown> {
  readonly value: T;
  /** Uri of the document holding the value. */
  readonly uri: string;
  /** JSON pointer of the value inside that document (`#/components/schemas/Pet`). */
  readonly pointer: string;
}

export function isRef(node: unknown): node is { $ref: string } {
  return typeof node === 'object' && node !== null && typeof (node as { $ref?: unknown }).$ref === 'string';
}

/** Splits a $ref into the target document uri (resolved against `fromUri`) and the fragment pointer. */
export function refTarget(ref: string, fromUri: string): { uri: string; pointer: string } {
  const hash = ref.indexOf('#');
  const file = hash < 0 ? ref : ref.slice(0, hash);
  const frag = hash < 0 ? '#' : ref.slice(hash) || '#';
  const uri = file === '' ? fromUri : resolveUri(fromUri, file);
  return { uri, pointer: frag === '#' ? '#' : frag };
}

/** Resolves a relative reference against a base uri (file paths or URLs), like RFC 3986 §5.2 for paths. */
export function resolveUri(base: string, relative: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(relative) || relative.startsWith('/')) return relative;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(base)) return new URL(relative, base).toString();
  const dir = base.includes('/') ? base.slice(0, base.lastIndexOf('/') + 1) : '';
  return normalizePath(dir + relative);
}

function normalizePath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg === '..' && abs) continue;
    else out.push(seg);
  }
  return (abs ? '/' : '') + out.join('/');
}

/** Value a single $ref points to (no chain following), or undefined when dangling. */
export function lookupRef(docs: DocumentSet, ref: string, fromUri: string): Located | undefined {
  const t = refTarget(ref, fromUri);
  const root = docs.get(t.uri);
  if (root === undefined) return undefined;
  let tokens: string[];
  try {
    tokens = parsePointer(t.pointer);
  } catch {
    return undefined;
  }
  const value = getAt(root, tokens);
  return value === undefined ? undefined : { value, uri: t.uri, pointer: t.pointer };
}

/**
 * Follows a $ref chain to the first non-$ref node. Throws 'spec.ref_dangling' with the referring
 * location when a target is missing, and on a pure $ref loop (a → b → a).
 */
export function deref<T = unknown>(docs: DocumentSet, node: Located<T | { $ref: string }>): Located<T> {
  let cur: Located = node;
  let hops = 0;
  while (isRef(cur.value)) {
    const next = lookupRef(docs, cur.value.$ref, cur.uri);
    if (!next) {
      throw new DriftgateError('spec.ref_dangling', `$ref '${cur.value.$ref}' points to nothing`, {
        file: cur.uri,
        pointer: `${cur.pointer}/$ref`,
      });
    }
    if (++hops > 64) {
      throw new DriftgateError('spec.invalid', `$ref chain loops: '${cur.value.$ref}'`, {
        file: cur.uri,
        pointer: cur.pointer,
      });
    }
    cur = next;
  }
  return cur as Located<T>;
}

/** Keys under which a `$ref` string is data, not a reference (examples, defaults, enums, extensions). */
export const DATA_KEYS: ReadonlySet<string> = new Set([
  'example',
  'examples',
  'default',
  'enum',
  'const',
  'value',
  'externalValue',
]);

/** Schema keywords that annotate and check nothing (JSON Schema meta-data, OpenAPI docs, `xml`). */
export const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set([
  'title',
  'description',
  'default',
  'example',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'externalDocs',
  'xml',
  '$comment',
]);

/** Objects whose keys are user-chosen names (a property may be called `example`), so DATA_KEYS does not apply. */
export const NAME_MAPS: ReadonlySet<string> = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'schemas',
  'parameters',
  'responses',
  'headers',
  'content',
  'paths',
  'securitySchemes',
  'requestBodies',
  'links',
  'callbacks',
  'encoding',
  'variables',
  'webhooks',
  'pathItems',
  'dependentSchemas',
]);

/**
 * Every $ref in a document that does not resolve, with its location. Also returns the external document
 * uris the document refers to, so a loader can fetch them before validating again.
 */
export function scanRefs(
  docs: DocumentSet,
  uri: string,
): { dangling: { ref: string; pointer: string }[]; external: Set<string> } {
  const dangling: { ref: string; pointer: string }[] = [];
  const external = new Set<string>();
  // Specs repeat the same few thousand refs many times: resolve each distinct one once.
  const checked = new Map<string, boolean>();
  // Pointers are built only for the (rare) dangling refs, from parent links, not for every node.
  interface Frame {
    readonly node: unknown;
    readonly parent: Frame | null;
    readonly key: string;
    readonly names: boolean;
  }
  const pointerOf = (f: Frame, last: string): string => {
    const tokens = [last];
    for (let cur: Frame | null = f; cur?.parent; cur = cur.parent) tokens.push(cur.key);
    return `#/${tokens
      .reverse()
      .map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/')}`;
  };
  const stack: Frame[] = [{ node: docs.get(uri), parent: null, key: '', names: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.node;
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (v !== null && typeof v === 'object')
          stack.push({ node: v, parent: frame, key: String(i), names: false });
      }
      continue;
    }
    const obj = node as Record<string, unknown>;
    for (const key in obj) {
      const v = obj[key];
      if (key === '$ref' && typeof v === 'string') {
        let ok = checked.get(v);
        if (ok === undefined) {
          const t = refTarget(v, uri);
          if (t.uri !== uri) external.add(t.uri);
          ok = !docs.has(t.uri) || lookupRef(docs, v, uri) !== undefined;
          checked.set(v, ok);
        }
        if (!ok) dangling.push({ ref: v, pointer: pointerOf(frame, '$ref') });
        continue;
      }
      if (v === null || typeof v !== 'object') continue;
      if (!frame.names && (DATA_KEYS.has(key) || key.startsWith('x-'))) continue;
      stack.push({ node: v, parent: frame, key, names: !frame.names && NAME_MAPS.has(key) });
    }
  }
  return { dangling, external };
}
