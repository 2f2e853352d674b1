// Ignore files for `driftgate diff --ignore`: driftgate's own lines (`<check-id> [METHOD /path | *] [text]`)
// and oasdiff's (`[METHOD /path] <message text>`), parsed and applied to a DiffResult. Format: docs/ignore-file.md.
import { DriftgateError } from '../errors.js';
import { type Change, HTTP_METHODS, LEVELS, type Level } from '../findings.js';
import { parseTemplate } from '../openapi/path-template.js';
import type { DiffResult } from './result.js';

export interface IgnoreRule {
  /** 1-based line in the ignore file. */
  readonly line: number;
  readonly source: string;
  /** driftgate lines name a check id; oasdiff lines do not. */
  readonly checkId: string | null;
  /** `METHOD {}`-keyed operation (structural, lower case), `*` for any operation, null for document-level. */
  readonly operation: string | null;
  /** Normalised text the change's message must contain (or, for oasdiff lines, be contained in). */
  readonly text: string;
}

const METHOD = HTTP_METHODS.join('|');
const OPERATION = new RegExp(`(^|\\s)(${METHOD})\\s+(/\\S*)`, 'i');
const CHECK_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;
// oasdiff's text output frames changes as `in API GET /x ...` / `in components ...`; ignore lines copy that.
const OASDIFF_NOISE = [/^in api\b\s*/, /^api\b\s*/, /^in components\b\s*/, /\s*\b(?:from|in) components$/];

/** Parses an ignore file. Blank lines and `#` comments are skipped. */
export function parseIgnoreFile(text: string, file: string): IgnoreRule[] {
  if (text.includes('\u0000')) {
    throw new DriftgateError('ignore.parse', 'not a text file (binary content)', { file });
  }
  const rules: IgnoreRule[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  body.split(/\r?\n/).forEach((raw, i) => {
    const source = raw.trim();
    if (source === '' || source.startsWith('#')) return;
    rules.push(parseLine(source, i + 1, file));
  });
  return rules;
}

function parseLine(source: string, line: number, file: string): IgnoreRule {
  const [first = '', ...rest] = source.split(/\s+/);
  if (CHECK_ID.test(first)) {
    const tail = rest.join(' ');
    if (rest[0] === '*')
      return { line, source, checkId: first, operation: '*', text: normalize(rest.slice(1).join(' ')) };
    const op = OPERATION.exec(tail);
    if (op && op.index === 0) {
      return {
        line,
        source,
        checkId: first,
        operation: operationKey(op[2]!, op[3]!),
        text: normalize(tail.slice(op[0].length)),
      };
    }
    return { line, source, checkId: first, operation: null, text: normalize(tail) };
  }
  const op = OPERATION.exec(source);
  if (op) {
    const before = source.slice(0, op.index).trim();
    const after = source.slice(op.index + op[0].length).trim();
    // Text before the operation is kept unless it is oasdiff's framing (`API`, `in API`).
    const kept = /^(in\s+)?api$/i.test(before) || before === '' ? after : `${before} ${after}`;
    return { line, source, checkId: null, operation: operationKey(op[2]!, op[3]!), text: normalize(kept) };
  }
  if (normalize(source) === '') {
    throw new DriftgateError('ignore.parse', 'an ignore line needs some message text', { file, line });
  }
  return { line, source, checkId: null, operation: null, text: normalize(source) };
}

/** Whether one rule ignores one change. */
export function ruleMatches(rule: IgnoreRule, change: Change): boolean {
  if (rule.checkId !== null && rule.checkId !== change.id) return false;
  if (rule.operation !== '*') {
    const op = change.operation === null ? null : changeOperationKey(change.operation);
    if (op !== rule.operation) return false;
  }
  const message = normalize(change.message);
  if (rule.checkId !== null) return message.includes(rule.text);
  // oasdiff lines: the line's text is part of the message, or (oasdiff's own rule) holds the whole message.
  return candidates(rule.text).some((t) => message.includes(t) || (message !== '' && t.includes(message)));
}

export interface IgnoreOutcome {
  readonly result: DiffResult;
  readonly ignored: readonly Change[];
  /** Rules that matched nothing (stale lines worth deleting). */
  readonly unused: readonly IgnoreRule[];
}

/** Removes ignored changes and recounts the summary. */
export function applyIgnore(result: DiffResult, rules: readonly IgnoreRule[]): IgnoreOutcome {
  if (rules.length === 0) return { result, ignored: [], unused: [] };
  const used = new Set<IgnoreRule>();
  const kept: Change[] = [];
  const ignored: Change[] = [];
  for (const change of result.changes) {
    const rule = rules.find((r) => ruleMatches(r, change));
    if (rule) {
      used.add(rule);
      ignored.push(change);
    } else kept.push(change);
  }
  return {
    result: { ...result, summary: countLevels(kept), changes: kept },
    ignored,
    unused: rules.filter((r) => !used.has(r)),
  };
}

export function countLevels(changes: readonly Change[]): Record<Level, number> {
  const counts = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  for (const c of changes) counts[c.level]++;
  return counts;
}

/** Lower case, one kind of quote (` ' " and typographic ones alike), single spaces. */
export function normalize(s: string): string {
  return s
    .toLowerCase()
    .replace(/[`"\u2018\u2019\u201c\u201d]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function candidates(text: string): string[] {
  let stripped = text;
  for (const re of OASDIFF_NOISE) stripped = stripped.replace(re, '');
  return stripped === text ? [text] : [text, stripped];
}

function operationKey(method: string, path: string): string {
  return `${method.toLowerCase()} ${parseTemplate(path.toLowerCase()).key}`;
}

function changeOperationKey(operation: string): string | null {
  const space = operation.indexOf(' ');
  return space < 0 ? null : operationKey(operation.slice(0, space), operation.slice(space + 1));
}
