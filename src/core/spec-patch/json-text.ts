// Edits JSON text in place: only the bytes of the touched member change; the original indentation, key
// order and formatting of everything else stay. A small position-keeping parser finds the nodes.
import type { TextEdit } from './edits.js';

type Node =
  | { readonly type: 'object'; readonly start: number; readonly end: number; readonly members: Member[] }
  | { readonly type: 'array'; readonly start: number; readonly end: number; readonly items: Node[] }
  | { readonly type: 'scalar'; readonly start: number; readonly end: number };
interface Member {
  readonly key: string;
  readonly keyStart: number;
  readonly value: Node;
}

/** Applies one edit to JSON text (the edit was validated on the value already). */
export function editJsonText(text: string, edit: TextEdit): string {
  const root = parseWithPositions(text);
  const unit = indentUnit(text);
  if (edit.kind === 'put' && edit.tokens.length === 0) return renderRoot(text, root, edit.value, unit);
  const parentTokens = edit.kind === 'insert' ? edit.parent : edit.tokens.slice(0, -1);
  const parent = nodeAt(root, parentTokens);
  const multiline = unit !== '' && lineOf(text, parent.start) !== lineOf(text, parent.end - 1);
  const baseIndent = lineIndent(text, parent.start);
  const childIndent = multiline ? (memberIndent(text, parent) ?? baseIndent + unit) : '';
  const inline = inlineStyleOf(text, parent);
  const render = (v: unknown) => renderValue(v, unit, multiline ? childIndent : null, inline);

  if (edit.kind === 'put') {
    const key = edit.tokens[edit.tokens.length - 1]!;
    const existing = childNode(parent, key);
    if (existing) return splice(text, existing.start, existing.end, render(edit.value));
    if (parent.type !== 'object') throw new Error('put of a new member into a non-object');
    const entry = `${JSON.stringify(key)}${multiline ? ': ' : inline.colon}${render(edit.value)}`;
    return insertEntry(text, parent, parent.members.length, entry, multiline, childIndent, baseIndent, unit);
  }
  if (edit.kind === 'insert') {
    if (parent.type !== 'array') throw new Error('insert into a non-array');
    return insertEntry(
      text,
      parent,
      edit.index,
      render(edit.value),
      multiline,
      childIndent,
      baseIndent,
      unit,
    );
  }
  // remove
  const key = edit.tokens[edit.tokens.length - 1]!;
  const starts = entryStarts(parent);
  const ends = entryEnds(parent);
  const k = parent.type === 'object' ? parent.members.findIndex((m) => m.key === key) : Number(key);
  if (k < 0 || k >= starts.length) throw new Error('remove of a missing entry');
  if (starts.length === 1) return splice(text, parent.start + 1, parent.end - 1, '');
  if (k < starts.length - 1) return splice(text, starts[k]!, starts[k + 1]!, '');
  return splice(text, ends[k - 1]!, ends[k]!, '');
}

function insertEntry(
  text: string,
  parent: Node & { type: 'object' | 'array' },
  index: number,
  entry: string,
  multiline: boolean,
  childIndent: string,
  baseIndent: string,
  unit: string,
): string {
  const starts = entryStarts(parent);
  const ends = entryEnds(parent);
  if (starts.length === 0) {
    const body = unit === '' ? entry : `\n${baseIndent}${unit}${entry}\n${baseIndent}`;
    return splice(text, parent.start + 1, parent.end - 1, body);
  }
  const sep = multiline ? `\n${childIndent}` : inlineStyleOf(text, parent).comma.slice(1);
  if (index < starts.length) return splice(text, starts[index]!, starts[index]!, `${entry},${sep}`);
  const at = ends[ends.length - 1]!;
  return splice(text, at, at, `,${sep}${entry}`);
}

function entryStarts(n: Node): number[] {
  if (n.type === 'object') return n.members.map((m) => m.keyStart);
  if (n.type === 'array') return n.items.map((i) => i.start);
  return [];
}

function entryEnds(n: Node): number[] {
  if (n.type === 'object') return n.members.map((m) => m.value.end);
  if (n.type === 'array') return n.items.map((i) => i.end);
  return [];
}

function renderRoot(text: string, root: Node, value: unknown, unit: string): string {
  return splice(text, root.start, root.end, renderValue(value, unit, ''));
}

/** JSON for a value placed on a line indented by `indent` (null: single-line container). */
function renderValue(value: unknown, unit: string, indent: string | null, inline?: InlineStyle): string {
  if (indent === null || unit === '') return inline ? compact(value, inline) : JSON.stringify(value);
  return JSON.stringify(value, null, unit).replace(/\n/g, `\n${indent}`);
}

/** Spacing of a single-line container (`{ "a": 1, "b": 2 }` or `{"a":1,"b":2}`), for new values inside it. */
interface InlineStyle {
  readonly comma: string;
  readonly colon: string;
  readonly pad: string;
}

function inlineStyleOf(text: string, n: Node): InlineStyle {
  // The container's own spacing, else the document's (an empty `{}` shows none).
  const own = text.slice(n.start, Math.min(n.end, n.start + 400));
  const src = /":/.test(own) ? own : text.slice(0, 400);
  const colon = /":\s/.test(src) ? ': ' : ':';
  const comma = /,\s/.test(src) ? ', ' : src.includes(',') ? ',' : colon === ': ' ? ', ' : ',';
  return { comma, colon, pad: /^[[{]\s/.test(own) ? ' ' : '' };
}

function compact(v: unknown, st: InlineStyle): string {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map((x) => compact(x, st)).join(st.comma)}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return '{}';
    const body = entries.map(([k, x]) => `${JSON.stringify(k)}${st.colon}${compact(x, st)}`).join(st.comma);
    return `{${st.pad}${body}${st.pad}}`;
  }
  return JSON.stringify(v);
}

function childNode(parent: Node, key: string): Node | undefined {
  if (parent.type === 'object') return parent.members.find((m) => m.key === key)?.value;
  if (parent.type === 'array') return /^\d+$/.test(key) ? parent.items[Number(key)] : undefined;
  return undefined;
}

function nodeAt(root: Node, tokens: readonly string[]): Node & { type: 'object' | 'array' } {
  let cur: Node = root;
  for (const t of tokens) {
    const next = childNode(cur, t);
    if (!next) throw new Error(`no node at '${t}'`);
    cur = next;
  }
  if (cur.type === 'scalar') throw new Error('the parent is a scalar');
  return cur;
}

/** Indentation of the first entry of a multi-line container, when it starts its own line. */
function memberIndent(text: string, parent: Node): string | undefined {
  const first = entryStarts(parent)[0];
  if (first === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', first - 1) + 1;
  const lead = text.slice(lineStart, first);
  return /^[ \t]*$/.test(lead) ? lead : undefined;
}

function lineIndent(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, pos + 1))![0];
}

function lineOf(text: string, pos: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The document's indentation step: the leading whitespace of its first indented line ('' when compact). */
function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1]! : '';
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** JSON parser that keeps offsets. Input is known-good JSON (it parsed before). */
function parseWithPositions(text: string): Node {
  let i = 0;
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) i++;
      else break;
    }
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 34) {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      } else i++;
    }
    throw new Error('unterminated string');
  };
  const value = (): Node => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const members: Member[] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { type: 'object', start, end: i, members };
      }
      for (;;) {
        ws();
        const keyStart = i;
        const key = str();
        ws();
        i++; // ':'
        const v = value();
        members.push({ key, keyStart, value: v });
        ws();
        if (text[i++] === '}') return { type: 'object', start, end: i, members };
      }
    }
    if (c === '[') {
      i++;
      const items: Node[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { type: 'array', start, end: i, items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i++] === ']') return { type: 'array', start, end: i, items };
      }
    }
    if (c === '"') {
      str();
      return { type: 'scalar', start, end: i };
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    return { type: 'scalar', start, end: i };
  };
  return value();
}

/** A replacement of `[start, end)` of the original text. */
export interface JsonSplice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export class JsonUnsupported extends Error {}

/**
 * One-parse JSON editing: splices of the ORIGINAL text that turn its value `before` into `after`, found by
 * walking both values over the positioned parse (members appended, removed, or rewritten in place).
 */
export function jsonSplices(
  text: string,
  before: unknown,
  after: unknown,
  equal: (a: unknown, b: unknown) => boolean,
): JsonSplice[] {
  const root = parseWithPositions(text);
  const unit = indentUnit(text);
  const out: JsonSplice[] = [];
  const multiline = (n: Node) => unit !== '' && lineOf(text, n.start) !== lineOf(text, n.end - 1);
  const render = (v: unknown, container: Node, at: number) =>
    renderValue(v, unit, multiline(container) ? lineIndent(text, at) : null, inlineStyleOf(text, container));
  const replace = (n: Node, container: Node, v: unknown) =>
    out.push({ start: n.start, end: n.end, text: render(v, container, n.start) });

  const walk = (n: Node, container: Node, a: unknown, b: unknown): void => {
    if (equal(a, b)) return;
    if (n.type === 'object' && isObj(a) && isObj(b) && n.members.length > 0 && Object.keys(b).length > 0) {
      const removed = n.members.map((m, i) => [m, i] as const).filter(([m]) => !Object.hasOwn(b, m.key));
      const added = Object.keys(b).filter((k) => !Object.hasOwn(a, k));
      if (
        removed.length > 1 ||
        removed.length === n.members.length ||
        new Set(n.members.map((m) => m.key)).size !== n.members.length
      ) {
        replace(n, container, b);
        return;
      }
      for (const [, i] of removed) out.push(removeEntry(n, i));
      for (const m of n.members) if (Object.hasOwn(b, m.key)) walk(m.value, n, a[m.key], b[m.key]);
      if (added.length > 0) {
        const ml = multiline(n);
        const indent = ml ? (memberIndent(text, n) ?? `${lineIndent(text, n.start)}${unit}`) : '';
        const sep = ml ? `\n${indent}` : inlineStyleOf(text, n).comma.slice(1);
        const at = n.members[n.members.length - 1]!.value.end;
        const entries = added.map(
          (k) =>
            `${JSON.stringify(k)}${ml ? ': ' : inlineStyleOf(text, n).colon}${renderValue(b[k], unit, ml ? indent : null, inlineStyleOf(text, n))}`,
        );
        out.push({ start: at, end: at, text: entries.map((e) => `,${sep}${e}`).join('') });
      }
      return;
    }
    if (n.type === 'array' && Array.isArray(a) && Array.isArray(b) && n.items.length > 0 && b.length > 0) {
      if (b.length >= a.length) {
        for (let i = 0; i < a.length; i++) walk(n.items[i]!, n, a[i], b[i]);
        if (b.length > a.length) {
          const ml = multiline(n);
          const indent = ml ? (memberIndent(text, n) ?? `${lineIndent(text, n.start)}${unit}`) : '';
          const sep = ml ? `\n${indent}` : inlineStyleOf(text, n).comma.slice(1);
          const at = n.items[n.items.length - 1]!.end;
          const entries = b
            .slice(a.length)
            .map((v) => renderValue(v, unit, ml ? indent : null, inlineStyleOf(text, n)));
          out.push({ start: at, end: at, text: entries.map((e) => `,${sep}${e}`).join('') });
        }
        return;
      }
      const keep = new Set<number>();
      let j = 0;
      for (let i = 0; i < a.length && j < b.length; i++) {
        if (equal(a[i], b[j])) {
          keep.add(i);
          j++;
        }
      }
      const drop = a.map((_, i) => i).filter((i) => !keep.has(i));
      if (j === b.length && drop.length === 1) {
        out.push(removeEntry(n, drop[0]!));
        return;
      }
      replace(n, container, b);
      return;
    }
    replace(n, container, b);
  };
  walk(root, root, before, after);
  return out;
}

function removeEntry(n: Node, k: number): JsonSplice {
  const starts = entryStarts(n);
  const ends = entryEnds(n);
  if (k < starts.length - 1) return { start: starts[k]!, end: starts[k + 1]!, text: '' };
  return { start: ends[k - 1]!, end: ends[k]!, text: '' };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
