// The internal contract model: one OpenAPI 3.x-shaped document (Swagger 2.0 converted), the documents it
// refers to, and an index of its operations with structural identity. Built from parsed documents in
// memory; src/adapters/spec-source.ts does the reading.
import { DriftgateError } from '../errors.js';
import { HTTP_METHODS, type HttpMethod, operationKey } from '../findings.js';
import { type PathTemplate, parseTemplate } from './path-template.js';
import { childPointer, pointer } from './pointer.js';
import { type DocumentSet, deref, isRef, type Located, scanRefs } from './refs.js';
import { convertSwagger2 } from './swagger2.js';

export type Dialect = '3.0' | '3.1';
export type SourceFormat = '2.0' | '3.0' | '3.1';
type Obj = Record<string, unknown>;

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  /** The resolved Parameter Object, and where it lives (a component when it was `$ref`'d). */
  readonly node: Located<Obj>;
  /** Where the operation (or path item) lists it. */
  readonly listedAt: string;
}

export interface Operation {
  readonly method: HttpMethod;
  /** The template as written in the document. */
  readonly path: string;
  readonly template: PathTemplate;
  /** `GET /pets/{petId}`. */
  readonly key: string;
  /** Document holding the operation (the entry document unless its path item is `$ref`'d elsewhere). */
  readonly uri: string;
  readonly pointer: string;
  readonly node: Obj;
  readonly pathItem: Located<Obj>;
  /** Path-item and operation parameters merged (operation wins on name + in), resolved. */
  readonly parameters: readonly Parameter[];
  readonly tags: readonly string[];
  readonly operationId: string | undefined;
  readonly deprecated: boolean;
}

export interface ApiDocument {
  readonly uri: string;
  readonly format: SourceFormat;
  /** The version string as declared (`openapi` or `swagger`). */
  readonly declaredVersion: string;
  readonly dialect: Dialect;
  /** OpenAPI 3.x-shaped root (converted for 2.0). */
  readonly root: Obj;
  /** The entry document as written: the Swagger 2.0 root before conversion, else `root` itself. */
  readonly source: Obj;
  /** Every document by uri, the entry (as `uri`, converted) included. */
  readonly documents: DocumentSet;
  readonly operations: readonly Operation[];
  readonly title: string;
  readonly version: string;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Decides the format of a parsed root, or throws 'spec.not_openapi' / 'spec.unsupported_version'. */
export function detectFormat(root: unknown, uri: string): { format: SourceFormat; declared: string } {
  if (!isObj(root)) {
    throw new DriftgateError('spec.not_openapi', 'not an OpenAPI document: the top level is not a mapping', {
      file: uri,
    });
  }
  if (root.swagger !== undefined) {
    if (String(root.swagger) === '2.0') return { format: '2.0', declared: '2.0' };
    throw new DriftgateError(
      'spec.unsupported_version',
      `unsupported swagger version '${String(root.swagger)}'`,
      {
        file: uri,
        pointer: '#/swagger',
      },
    );
  }
  if (root.openapi === undefined) {
    throw new DriftgateError(
      'spec.not_openapi',
      "not an OpenAPI document: no 'openapi' or 'swagger' field at the top level",
      { file: uri, pointer: '#' },
    );
  }
  const v = String(root.openapi);
  if (/^3\.0(\.\d+)?$/.test(v)) return { format: '3.0', declared: v };
  if (/^3\.[12](\.\d+)?$/.test(v)) return { format: '3.1', declared: v };
  throw new DriftgateError(
    'spec.unsupported_version',
    `unsupported OpenAPI version '${v}' (3.0.x, 3.1.x, 2.0)`,
    {
      file: uri,
      pointer: '#/openapi',
    },
  );
}

/**
 * Builds the model from the entry document and the external documents it refers to (already parsed,
 * by uri). Throws on a dangling $ref (file + pointer), a duplicate operation, or a malformed paths object.
 */
export function buildApiDocument(entryUri: string, parsed: DocumentSet): ApiDocument {
  const raw = parsed.get(entryUri);
  const { format, declared } = detectFormat(raw, entryUri);
  const root = format === '2.0' ? convertSwagger2(raw as Obj) : (raw as Obj);
  const documents = new Map(parsed);
  documents.set(entryUri, root);

  for (const uri of documents.keys()) {
    const { dangling } = scanRefs(documents, uri);
    if (dangling.length > 0) {
      const first = dangling[0]!;
      throw new DriftgateError(
        'spec.ref_dangling',
        `$ref '${first.ref}' points to nothing${dangling.length > 1 ? ` (and ${dangling.length - 1} more)` : ''}`,
        { file: uri, pointer: first.pointer },
        dangling.slice(1, 20).map((d) => ({
          message: `$ref '${d.ref}' points to nothing`,
          location: { file: uri, pointer: d.pointer },
        })),
      );
    }
  }

  const info = isObj(root.info) ? root.info : {};
  return {
    uri: entryUri,
    format,
    declaredVersion: declared,
    dialect: format === '3.1' ? '3.1' : '3.0',
    root,
    source: raw as Obj,
    documents,
    operations: indexOperations(root, documents, entryUri),
    title: typeof info.title === 'string' ? info.title : '',
    version: info.version === undefined ? '' : String(info.version),
  };
}

function indexOperations(root: Obj, docs: DocumentSet, uri: string): Operation[] {
  const paths = root.paths ?? {};
  if (!isObj(paths)) {
    throw new DriftgateError('spec.invalid', "'paths' must be a mapping", { file: uri, pointer: '#/paths' });
  }
  const ops: Operation[] = [];
  const seen = new Map<string, string>();
  for (const [path, rawItem] of Object.entries(paths)) {
    if (path.startsWith('x-')) continue;
    const itemPtr = pointer('paths', path);
    if (!path.startsWith('/')) {
      throw new DriftgateError('spec.invalid', `path '${path}' must start with '/'`, {
        file: uri,
        pointer: itemPtr,
      });
    }
    if (!isObj(rawItem)) {
      throw new DriftgateError('spec.invalid', 'a path item must be a mapping', {
        file: uri,
        pointer: itemPtr,
      });
    }
    const item = deref<Obj>(docs, { value: rawItem, uri, pointer: itemPtr });
    const template = parseTemplate(path);
    const common = Array.isArray(item.value.parameters) ? item.value.parameters : [];
    for (const method of HTTP_METHODS) {
      const op = item.value[method];
      if (op === undefined) continue;
      // A $ref'd path item keeps its operations where it lives (possibly another file).
      const opPtr = childPointer(item.pointer, method);
      if (!isObj(op)) {
        throw new DriftgateError('spec.invalid', 'an operation must be a mapping', {
          file: item.uri,
          pointer: opPtr,
        });
      }
      const key = `${method} ${template.key}`;
      const prior = seen.get(key);
      if (prior !== undefined) {
        throw new DriftgateError(
          'spec.duplicate_operation',
          `duplicate operation: ${operationKey(method, path)} is the same operation as ${prior} (paths differ only in parameter names)`,
          { file: item.uri, pointer: opPtr },
        );
      }
      seen.set(key, operationKey(method, path));
      const listed = Array.isArray(op.parameters) ? op.parameters : [];
      ops.push({
        method,
        path,
        template,
        key: operationKey(method, path),
        uri: item.uri,
        pointer: opPtr,
        node: op,
        pathItem: item,
        parameters: mergeParameters(docs, item, common, opPtr, listed),
        tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
        operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
        deprecated: op.deprecated === true,
      });
    }
  }
  return ops;
}

function mergeParameters(
  docs: DocumentSet,
  item: Located<Obj>,
  common: readonly unknown[],
  opPtr: string,
  listed: readonly unknown[],
): Parameter[] {
  const byKey = new Map<string, Parameter>();
  const add = (raw: unknown, at: Located) => {
    if (!isObj(raw)) return;
    const node = isRef(raw)
      ? deref<Obj>(docs, { value: raw, uri: at.uri, pointer: at.pointer })
      : (at as Located<Obj>);
    const p = node.value;
    if (typeof p.name !== 'string' || !['path', 'query', 'header', 'cookie'].includes(String(p.in))) return;
    byKey.set(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, {
      name: p.name,
      in: p.in as Parameter['in'],
      node,
      listedAt: at.pointer,
    });
  };
  common.forEach((raw, i) => {
    add(raw, { value: raw, uri: item.uri, pointer: childPointer(item.pointer, 'parameters', i) });
  });
  listed.forEach((raw, i) => {
    add(raw, { value: raw, uri: item.uri, pointer: childPointer(opPtr, 'parameters', i) });
  });
  return [...byKey.values()];
}
