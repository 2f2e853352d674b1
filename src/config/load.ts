// Config loading: YAML text + env -> `${VAR}` interpolation -> one zod validation -> a typed, deeply frozen
// Config, or one DriftgateError listing every problem with file, line, key path and what was expected.
// Pure: the env is passed in (STYLE.md "Config is validated once"); `readConfigFile` is the only I/O.
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, Scalar } from 'yaml';
import type { z } from 'zod';
import { DriftgateError, type ErrorLocation } from '../core/errors.js';
import { type Config, ConfigSchema } from './schema.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ParseConfigOptions {
  /** Name shown in errors (the file path). */
  readonly file?: string;
  /** Variables for `${VAR}` interpolation; nothing is read from process.env here. */
  readonly env?: Env;
}

interface Problem {
  readonly message: string;
  readonly location: ErrorLocation;
}

type Segment = string | number;

/** The config with every default applied, as used when no config file is given. */
export function defaultConfig(): Config {
  return deepFreeze(ConfigSchema.parse({}));
}

/** Parses and validates config text. Throws DriftgateError `config.parse` (YAML syntax) or `config.invalid`. */
export function parseConfig(text: string, options: ParseConfigOptions = {}): Config {
  const file = options.file ?? '<config>';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: true });
  const at = (offset: number | undefined): { line?: number; column?: number } => {
    if (offset === undefined) return {};
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    const details = doc.errors.map((e) => ({
      message: e.message.split('\n')[0] ?? e.message,
      location: { file, ...at(e.pos[0]) },
    }));
    throw new DriftgateError('config.parse', 'the config is not valid YAML', { file }, details);
  }

  const problems: Problem[] = [];
  if (doc.contents)
    interpolate(doc.contents, [], options.env ?? {}, (path, node, message) => {
      problems.push({ message, location: { file, ...at(node.range?.[0]), pointer: keyPath(path) } });
    });
  if (problems.length > 0) throw invalid(file, problems);

  const data: unknown = doc.toJS() ?? {};
  const result = ConfigSchema.safeParse(data, { reportInput: true });
  if (result.success) return deepFreeze(result.data);
  for (const issue of result.error.issues) {
    for (const p of describeIssue(issue, data)) {
      const node = p.atKey ? locateKey(doc.contents, p.path) : locate(doc.contents, p.path);
      problems.push({
        message: p.message,
        location: { file, ...at(node?.range?.[0]), pointer: keyPath(p.path) },
      });
    }
  }
  throw invalid(file, problems);
}

function invalid(file: string, problems: readonly Problem[]): DriftgateError {
  const n = problems.length;
  const sorted = [...problems].sort(
    (a, b) =>
      (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0),
  );
  return new DriftgateError(
    'config.invalid',
    `invalid config (${n} problem${n === 1 ? '' : 's'})`,
    { file },
    sorted,
  );
}

/** `drift_budget.per_endpoint_budgets["POST /api/users"].enabled`, `incidents.webhooks[0].url`. */
export function keyPath(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out || '(root)';
}

// ${VAR}, ${VAR:-default}; `$${` is a literal `${`.
const VAR = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

function interpolate(
  node: unknown,
  path: Segment[],
  env: Env,
  report: (path: readonly Segment[], node: Node, message: string) => void,
): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      interpolate(pair.value, [...path, key], env, report);
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) interpolate(item, [...path, i], env, report);
  } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
    const missing: string[] = [];
    const value = node.value.replace(VAR, (whole, name: string | undefined, fallback: string | undefined) => {
      if (whole === '$${') return '${';
      const v = env[name as string];
      if (v !== undefined && !(fallback !== undefined && v === '')) return v;
      if (fallback !== undefined) return fallback;
      missing.push(name as string);
      return whole;
    });
    if (missing.length > 0) {
      report(
        path,
        node,
        `environment variable ${missing.join(', ')} is not set (use \${VAR:-default} for a default)`,
      );
      return;
    }
    // An unquoted `${PORT}` takes the YAML type of what it expands to (3000 is a number, true a boolean).
    node.value = node.type === Scalar.PLAIN ? plainScalar(value) : value;
  }
}

function plainScalar(text: string): unknown {
  const parsed = parseDocument(text);
  const v: unknown = parsed.errors.length === 0 ? parsed.toJS() : undefined;
  return typeof v === 'number' || typeof v === 'boolean' ? v : text;
}

/** The YAML node at a key path: the value node, or the nearest existing ancestor. */
function locate(root: unknown, path: readonly Segment[]): Node | undefined {
  let node = root as Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) return node;
      node = (pair.value ?? pair.key) as Node | undefined;
      if (!node) return undefined;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

/** The node of a map key (for unknown keys, so the line is the key's line). */
function locateKey(root: unknown, path: readonly Segment[]): Node | undefined {
  const parent = locate(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
    if (pair && isScalar(pair.key)) return pair.key;
  }
  return parent;
}

interface Described {
  readonly path: Segment[];
  readonly message: string;
  /** Point at the key itself (unknown keys), not its value. */
  readonly atKey?: boolean;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): Described[] {
  const path = issue.path.filter((s): s is Segment => typeof s !== 'symbol');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(path, data);
      return issue.keys.map((k) => {
        const near = closest(k, known);
        return {
          path: [...path, k],
          atKey: true,
          message: `unknown key "${k}"${near ? ` (did you mean "${near}"?)` : ''}; expected one of: ${known.join(', ')}`,
        };
      });
    }
    case 'invalid_type': {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined) return [{ path, message: `required: expected ${issue.expected}` }];
      return [{ path, message: `expected ${issue.expected}, got ${describeValue(input)}` }];
    }
    case 'invalid_value': {
      const input = (issue as { input?: unknown }).input;
      const values = issue.values.map((v) => String(v));
      const near = typeof input === 'string' ? closest(input, values) : undefined;
      return [
        {
          path,
          message: `expected one of ${values.join(', ')}, got ${describeValue(input)}${near ? ` (did you mean "${near}"?)` : ''}`,
        },
      ];
    }
    case 'invalid_union': {
      const u = issue as { discriminator?: string; options?: unknown[]; input?: unknown };
      if (u.discriminator) {
        const got = isRecord(u.input) ? u.input[u.discriminator] : undefined;
        const values = (u.options ?? []).map(String);
        const near = typeof got === 'string' ? closest(got, values) : undefined;
        return [
          {
            path,
            message: `expected ${u.discriminator} to be one of ${values.join(', ')}, got ${describeValue(got)}${near ? ` (did you mean "${near}"?)` : ''}`,
          },
        ];
      }
      return [{ path, message: issue.message }];
    }
    case 'invalid_key': {
      const inner = issue.issues[0]?.message ?? 'invalid key';
      return [
        {
          path,
          atKey: true,
          message: `invalid key ${JSON.stringify((issue as { input?: unknown }).input)}: ${inner}`,
        },
      ];
    }
    default:
      return [{ path, message: issue.message.replace(/^Invalid input: /, '') }];
  }
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys the schema allows at a key path (for "did you mean"); union options are narrowed by the data's discriminator. */
function knownKeys(path: readonly Segment[], data: unknown): string[] {
  let schema: unknown = ConfigSchema;
  let value: unknown = data;
  const def = (s: unknown) => (s as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const unwrap = (s: unknown): unknown => {
    let cur = s;
    for (;;) {
      const d = def(cur);
      if (['optional', 'default', 'nullable', 'prefault', 'catch', 'readonly'].includes(d.type))
        cur = d.innerType;
      else if (d.type === 'pipe') cur = d.in;
      else if (d.type === 'union') {
        const options = d.options as unknown[];
        const disc = d.discriminator as string | undefined;
        const tag = disc && isRecord(value) ? value[disc] : undefined;
        const match = options.find((o) => {
          const shape = def(o).shape as Record<string, unknown> | undefined;
          const lit = shape && disc ? def(shape[disc]).values : undefined;
          return Array.isArray(lit) && lit.includes(tag);
        });
        if (match) cur = match;
        else return options;
      } else return cur;
    }
  };
  for (const seg of path) {
    const s = unwrap(schema);
    if (Array.isArray(s)) return [];
    const d = def(s);
    if (d.type === 'object') schema = (d.shape as Record<string, unknown>)[String(seg)];
    else if (d.type === 'record') schema = d.valueType;
    else if (d.type === 'array') schema = d.element;
    else return [];
    value =
      isRecord(value) || Array.isArray(value) ? (value as Record<string, unknown>)[seg as string] : undefined;
    if (!schema) return [];
  }
  const s = unwrap(schema);
  if (Array.isArray(s)) return [...new Set(s.flatMap((o) => Object.keys(def(o).shape as object)))];
  const d = def(s);
  return d.type === 'object' ? Object.keys(d.shape as object) : [];
}

/** The candidate within edit distance max(2, len/3) of `word`, or a candidate containing it; else undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best ?? candidates.find((c) => word.length >= 4 && c.includes(word));
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
