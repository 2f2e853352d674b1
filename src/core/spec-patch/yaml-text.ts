// Edits YAML text in place: the touched entry is rewritten from node ranges found with the `yaml` package's
// parser, every other byte (comments, key order, quoting, folding, blank lines) stays as it was. Flow
// collections get flow entries, block collections get block lines at the collection's own indentation.
// What the range editor cannot do safely (aliases, merge keys, non-scalar keys) falls back to the
// Document API (setIn/deleteIn), which keeps comments but re-renders the layout.
import {
  Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseDocument,
  stringify,
  visit,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { getAt } from '../openapi/pointer.js';
import type { TextEdit } from './edits.js';

export class Unsupported extends Error {}

export interface Style {
  /** `{ a: 1 }` rather than `{a: 1}`, as the document writes its flow collections. */
  readonly flowPadding: boolean;
  readonly indent: number;
  readonly indentSeq: boolean;
  readonly singleQuote: boolean;
}

/** Applies one edit to YAML text. `after` is the whole document value after the edit. */
export function editYamlText(text: string, edit: TextEdit, after: unknown): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const style = detectStyle(text, doc);
  try {
    return rangeEdit(text, doc, edit, after, style);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return documentEdit(doc, edit, style);
  }
}

/** The fallback: mutate the Document and print it (comments kept, layout normalised). */
export function documentEdit(doc: Document, edit: TextEdit, style: Style): string {
  unaliasPath(doc, edit.kind === 'insert' ? [...edit.parent, '0'] : edit.tokens);
  if (edit.kind === 'put') {
    if (edit.tokens.length === 0) doc.contents = doc.createNode(edit.value) as never;
    else doc.setIn(edit.tokens.map(keyFor(doc, edit.tokens)), doc.createNode(edit.value));
  } else if (edit.kind === 'insert') {
    const seq = doc.getIn(edit.parent.map(keyFor(doc, edit.parent)), true);
    if (!isSeq(seq)) throw new Error('insert into a non-sequence');
    seq.items.splice(edit.index, 0, doc.createNode(edit.value));
  } else {
    doc.deleteIn(edit.tokens.map(keyFor(doc, edit.tokens)));
  }
  return doc.toString({ lineWidth: 0, indent: style.indent, indentSeq: style.indentSeq });
}

/**
 * An edit below an alias (`y: *s`) is meant for that place only: the alias is replaced by a copy of its
 * anchored node first, so the anchor and its other users stay unchanged.
 */
function unaliasPath(doc: Document, tokens: readonly string[]): void {
  let cur: unknown = doc.contents;
  for (const t of tokens.slice(0, -1)) {
    let next: unknown;
    if (isMap(cur)) {
      const pair = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === t);
      next = pair?.value;
      if (pair && isAlias(next)) {
        const copy = (next.resolve(doc) as Node).clone() as Node;
        delete copy.anchor;
        pair.value = copy;
        next = copy;
      }
    } else if (isSeq(cur)) {
      next = cur.items[Number(t)];
      if (isAlias(next)) {
        const copy = (next.resolve(doc) as Node).clone() as Node;
        delete copy.anchor;
        cur.items[Number(t)] = copy;
        next = copy;
      }
    } else return;
    cur = next;
  }
}

/** Maps pointer tokens to the keys the Document API wants (numbers for sequence indexes, original map keys). */
function keyFor(doc: Document, tokens: readonly string[]) {
  return (t: string, k: number): unknown => {
    const parent = k === 0 ? doc.contents : doc.getIn(tokens.slice(0, k).map(keyFor(doc, tokens)), true);
    if (isSeq(parent)) return Number(t);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === t);
      if (pair && isScalar(pair.key)) return pair.key.value;
    }
    return t;
  };
}

/** A replacement of `[start, end)` by `text`, positioned in the text the Document was parsed from. */
export interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export function applySplice(text: string, s: Splice): string {
  return text.slice(0, s.start) + s.text + text.slice(s.end);
}

function rangeEdit(text: string, doc: Document, edit: TextEdit, after: unknown, style: Style): string {
  if (doc.contents === null) throw new Unsupported('empty document');
  if (edit.kind === 'put' && edit.tokens.length === 0) throw new Unsupported('root replace');
  const parentTokens = edit.kind === 'insert' ? edit.parent : edit.tokens.slice(0, -1);
  const parent = nodeAt(doc.contents as Node, parentTokens);
  const reRenderParent = () => {
    if (parentTokens.length === 0) throw new Unsupported('root re-render');
    const grand = nodeAt(doc.contents as Node, parentTokens.slice(0, -1));
    return applySplice(
      text,
      replaceChild(text, grand, parentTokens[parentTokens.length - 1]!, getAt(after, parentTokens), style),
    );
  };

  if (edit.kind === 'put') {
    const key = edit.tokens[edit.tokens.length - 1]!;
    if (isMap(parent)) {
      if (!findPair(parent, key) && parent.items.length === 0) return reRenderParent();
      if (!findPair(parent, key))
        return applySplice(text, appendPairs(text, parent, [[key, edit.value]], style));
    }
    return applySplice(text, replaceChild(text, parent, key, edit.value, style));
  }
  if (edit.kind === 'insert') {
    if (!isSeq(parent)) throw new Unsupported('insert into a non-sequence');
    if (parent.items.length === 0) return reRenderParent();
    return applySplice(text, insertItems(text, parent, edit.index, [edit.value], style));
  }
  // remove
  const key = edit.tokens[edit.tokens.length - 1]!;
  if (parent.items.length === 1) return reRenderParent();
  if (isMap(parent)) {
    const k = parent.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === key);
    if (k < 0) throw new Unsupported('missing pair');
    return applySplice(text, removePair(text, parent, k));
  }
  return applySplice(text, removeItem(text, parent, Number(key)));
}

/** Replaces the value of a map member or a sequence item (both exist). */
export function replaceChild(
  text: string,
  parent: YAMLMap | YAMLSeq,
  key: string,
  value: unknown,
  style: Style,
): Splice {
  if (isMap(parent)) {
    const pair = findPair(parent, key);
    if (!pair) throw new Unsupported('missing pair');
    return replacePairValue(text, parent, pair, value, style);
  }
  const item = parent.items[Number(key)] as Node | undefined;
  if (!item || !hasRange(item)) throw new Unsupported('sequence item');
  return replaceSeqItem(text, parent, item, value, style);
}

/** New members at the end of a non-empty map. */
export function appendPairs(
  text: string,
  map: YAMLMap,
  entries: readonly (readonly [string, unknown])[],
  style: Style,
): Splice {
  const last = map.items[map.items.length - 1];
  if (!last) throw new Unsupported('empty map');
  if (map.flow) {
    const at = pairEnd(last);
    return { start: at, end: at, text: entries.map(([k, v]) => `, ${flowPair(k, v, style)}`).join('') };
  }
  const column = columnOf(text, pairStart(map.items[0]!));
  return insertLinesAfter(
    text,
    pairEnd(last),
    entries.map(([k, v]) => blockPair(keyText(k, style), v, column, style)).join(''),
  );
}

/** New items before `index` (or at the end) of a non-empty sequence. */
export function insertItems(
  text: string,
  seq: YAMLSeq,
  index: number,
  values: readonly unknown[],
  style: Style,
): Splice {
  const items = seq.items as Node[];
  if (items.length === 0) throw new Unsupported('empty sequence');
  if (seq.flow) {
    const flow = values.map((v) => flowText(v, style));
    if (index < items.length) {
      const at = start(items[index]!);
      return { start: at, end: at, text: flow.map((f) => `${f}, `).join('') };
    }
    const at = end(items[items.length - 1]!);
    return { start: at, end: at, text: flow.map((f) => `, ${f}`).join('') };
  }
  const dash = dashOf(text, items[0]!);
  const lines = values.map((v) => blockItem(v, dash.column, style)).join('');
  if (index < items.length) {
    const d = dashOf(text, items[index]!);
    if (!d.ownLine) throw new Unsupported('compact nested sequence');
    return { start: d.lineStart, end: d.lineStart, text: lines };
  }
  return insertLinesAfter(text, end(items[items.length - 1]!), lines);
}

/** Removes member `k` of a map with at least two members. */
export function removePair(text: string, map: YAMLMap, k: number): Splice {
  if (map.flow) return removeFlowEntry(map.items.map(pairStart), map.items.map(pairEnd), k);
  const pair = map.items[k]!;
  const ks = pairStart(pair);
  const lineStart = text.lastIndexOf('\n', ks - 1) + 1;
  if (!/^[ \t]*$/.test(text.slice(lineStart, ks))) {
    // `- key: v` — the pair shares its line with a sequence dash: cut up to the next key.
    const next = map.items[k + 1];
    if (!next) throw new Unsupported('dash-line pair without a successor');
    return { start: ks, end: pairStart(next), text: '' };
  }
  return { start: lineStart, end: lineEndAfter(text, contentEnd(text, pairEnd(pair))), text: '' };
}

/** Removes item `k` of a sequence with at least two items. */
export function removeItem(text: string, seq: YAMLSeq, k: number): Splice {
  const items = seq.items as Node[];
  if (seq.flow) return removeFlowEntry(items.map(start), items.map(end), k);
  const d = dashOf(text, items[k]!);
  if (!d.ownLine) throw new Unsupported('compact nested sequence');
  return { start: d.lineStart, end: lineEndAfter(text, contentEnd(text, end(items[k]!))), text: '' };
}

function replacePairValue(text: string, map: YAMLMap, pair: Pair, value: unknown, style: Style): Splice {
  const old = pair.value as Node | null;
  // A flow collection stays flow (it was written on one line on purpose).
  const inline = inlineText(value, style, map.flow === true || isFlowCollection(old));
  const emptyOld = old !== null && hasRange(old) && start(old) === end(old);
  if (old && hasRange(old) && inline !== null && !isBlockNode(old) && !emptyOld && !isAlias(old)) {
    return { start: start(old), end: end(old), text: inline };
  }
  if (map.flow) throw new Unsupported('flow pair without a value');
  // Block map: rewrite the whole `key: value` entry from its key to the end of its last line.
  const ks = pairStart(pair);
  const stop = lineEndAfter(text, contentEnd(text, old && hasRange(old) ? end(old) : keyEnd(pair)));
  const lines = blockPair(keySource(text, pair), value, columnOf(text, ks), style);
  return { start: ks, end: stop, text: lines.slice(columnOf(text, ks)) };
}

function replaceSeqItem(text: string, seq: YAMLSeq, item: Node, value: unknown, style: Style): Splice {
  const inline = inlineText(value, style, seq.flow === true || isFlowCollection(item));
  if (inline !== null && !isBlockNode(item)) return { start: start(item), end: end(item), text: inline };
  if (seq.flow) return { start: start(item), end: end(item), text: flowText(value, style) };
  const d = dashOf(text, item);
  const lines = blockItem(value, d.column, style);
  // The item starts after `- `; keep the dash, rewrite from the value on.
  return {
    start: start(item),
    end: lineEndAfter(text, contentEnd(text, end(item))),
    text: lines.slice(d.column + 2),
  };
}

function removeFlowEntry(starts: number[], ends: number[], k: number): Splice {
  if (k < starts.length - 1) return { start: starts[k]!, end: starts[k + 1]!, text: '' };
  return { start: ends[k - 1]!, end: ends[k]!, text: '' };
}

/** `key: value` lines at `column`, newline-terminated. */
function blockPair(key: string, value: unknown, column: number, style: Style): string {
  const pad = ' '.repeat(column);
  const inline = inlineText(value, style, false);
  if (inline !== null) return `${pad}${key}: ${inline}\n`;
  const body = render(value, style);
  const childPad = isNonEmptyArray(value) && !style.indentSeq ? pad : pad + ' '.repeat(style.indent);
  return `${pad}${key}:\n${indentLines(body, childPad)}`;
}

/** `- value` lines with the dash at `column`, newline-terminated. */
function blockItem(value: unknown, column: number, style: Style): string {
  return indentLines(render([value], style), ' '.repeat(column));
}

function render(value: unknown, style: Style): string {
  return stringify(value, {
    indent: style.indent,
    indentSeq: style.indentSeq,
    lineWidth: 0,
    singleQuote: style.singleQuote,
  });
}

function indentLines(body: string, pad: string): string {
  return body
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

/** One-line text for scalars and empty collections (and anything inside a flow parent); null otherwise. */
function inlineText(value: unknown, style: Style, inFlow: boolean): string | null {
  if (inFlow) return flowText(value, style);
  if (value === null || typeof value !== 'object') return render(value, style).trimEnd();
  if (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0) {
    return Array.isArray(value) ? '[]' : '{}';
  }
  return null;
}

export function flowText(value: unknown, style: Style): string {
  const doc = new Document(value);
  visit(doc, {
    Map: (_k, n) => {
      n.flow = true;
    },
    Seq: (_k, n) => {
      n.flow = true;
    },
  });
  return doc
    .toString({ lineWidth: 0, singleQuote: style.singleQuote, flowCollectionPadding: style.flowPadding })
    .trimEnd();
}

function flowPair(key: string, value: unknown, style: Style): string {
  return `${keyText(key, style)}: ${flowText(value, style)}`;
}

function keyText(key: string, style: Style): string {
  return render(key, style).trimEnd();
}

function keySource(text: string, pair: Pair): string {
  const k = pair.key as Node;
  return text.slice(start(k), end(k));
}

export function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

export function nodeAt(root: Node, tokens: readonly string[]): YAMLMap | YAMLSeq {
  let cur: unknown = root;
  for (const t of tokens) {
    if (isMap(cur)) {
      if (cur.items.some((p) => !isScalar(p.key) || String(p.key.value) === '<<')) {
        throw new Unsupported('complex or merge key');
      }
      cur = findPair(cur, t)?.value;
    } else if (isSeq(cur)) cur = cur.items[Number(t)];
    else throw new Unsupported('step into a scalar');
  }
  if (isAlias(cur) || !isCollection(cur) || !hasRange(cur as Node)) throw new Unsupported('alias or scalar');
  const c = cur as YAMLMap | YAMLSeq;
  if (isMap(c) && c.items.some((p) => !isPair(p) || !isScalar(p.key) || !hasRange(p.key as Node))) {
    throw new Unsupported('complex key');
  }
  if ((c.items as unknown[]).some((n) => isAlias(n) || (isPair(n) && isAlias(n.value)))) {
    throw new Unsupported('alias item');
  }
  return c;
}

function isFlowCollection(n: unknown): boolean {
  return isCollection(n) && n.flow === true && (Array.isArray(n.items) ? n.items.length > 0 : false);
}

export function isBlockNode(n: Node): boolean {
  if (isCollection(n)) return !n.flow;
  return isScalar(n) && (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED');
}

function isNonEmptyArray(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0;
}

export function hasRange(n: Node): boolean {
  return Array.isArray(n.range);
}
export const start = (n: Node): number => n.range![0];
export const end = (n: Node): number => n.range![1];
export const pairStart = (p: Pair): number => start(p.key as Node);
const keyEnd = (p: Pair): number => end(p.key as Node);
export const pairEnd = (p: Pair): number =>
  p.value && hasRange(p.value as Node) ? end(p.value as Node) : keyEnd(p);

/** Inserts newline-terminated lines after the line holding `pos - 1`'s content. */
function insertLinesAfter(text: string, pos: number, lines: string): Splice {
  const at = lineEndAfter(text, contentEnd(text, pos));
  const needsNl = at > 0 && text[at - 1] !== '\n';
  return { start: at, end: at, text: (needsNl ? '\n' : '') + lines };
}

/** Position after trailing whitespace is stripped back from `pos`. */
function contentEnd(text: string, pos: number): number {
  let e = pos;
  while (e > 0 && /\s/.test(text[e - 1]!)) e--;
  return e;
}

/** Offset just after the newline ending the line that `pos` is on (text length at the end). */
function lineEndAfter(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

function columnOf(text: string, pos: number): number {
  return pos - (text.lastIndexOf('\n', pos - 1) + 1);
}

/** The `-` before a block sequence item, and whether it begins its line. */
function dashOf(text: string, item: Node): { column: number; lineStart: number; ownLine: boolean } {
  const dash = text.lastIndexOf('-', start(item) - 1);
  const lineStart = text.lastIndexOf('\n', dash - 1) + 1;
  return { column: dash - lineStart, lineStart, ownLine: /^[ \t]*$/.test(text.slice(lineStart, dash)) };
}

/** Indentation step, sequence style and quote preference, read from the document itself. */
export function detectStyle(text: string, doc: Document): Style {
  let indent = 0;
  let indentSeq: boolean | undefined;
  visit(doc, {
    Pair: (_k, pair) => {
      const v = pair.value;
      if (
        !isPair(pair) ||
        !isCollection(v) ||
        v.flow ||
        !hasRange(pair.key as Node) ||
        !hasRange(v as Node)
      ) {
        return undefined;
      }
      const keyCol = columnOf(text, pairStart(pair));
      if (isMap(v) && indent === 0 && v.items[0]) {
        const d = columnOf(text, pairStart(v.items[0] as Pair)) - keyCol;
        if (d > 0) indent = d;
      }
      if (isSeq(v) && indentSeq === undefined && v.items[0]) {
        indentSeq = dashOf(text, v.items[0] as Node).column > keyCol;
      }
      return indent > 0 && indentSeq !== undefined ? visit.BREAK : undefined;
    },
  });
  const single = (text.match(/: '/g) ?? []).length;
  const double = (text.match(/: "/g) ?? []).length;
  const padded = (text.match(/[[{] \S/g) ?? []).length;
  const tight = (text.match(/[[{][^\s\]}]/g) ?? []).length;
  return {
    flowPadding: padded > tight,
    indent: indent || 2,
    indentSeq: indentSeq ?? true,
    singleQuote: single > double,
  };
}
