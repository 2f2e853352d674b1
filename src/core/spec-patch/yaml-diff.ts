// One-parse YAML editing: walks the original and the patched value side by side over the parsed Document
// and turns every difference into a positioned splice of the ORIGINAL text (new members appended, removed
// ones cut by line, changed scalars rewritten in place, changed subtrees re-rendered at their own
// indentation). Splices never overlap, so they apply in one pass from the end. Large specs (Stripe's is
// 4 MB) are parsed once instead of once per operation.
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { jsonEqual } from './apply-value.js';
import {
  appendPairs,
  findPair,
  insertItems,
  removeItem,
  removePair,
  replaceChild,
  type Splice,
  type Style,
  Unsupported,
} from './yaml-text.js';

type Obj = Record<string, unknown>;

/** Splices turning `text` (parsed as `doc`, whose value is `before`) into a text whose value is `after`. */
export function yamlSplices(
  text: string,
  doc: Document,
  before: unknown,
  after: unknown,
  style: Style,
): Splice[] {
  const root = doc.contents as Node | null;
  if (root === null || !(isMap(root) || isSeq(root))) throw new Unsupported('root is not a collection');
  const out: Splice[] = [];
  walkCollection(text, root, before, after, style, out);
  return out;
}

function walkCollection(
  text: string,
  node: YAMLMap | YAMLSeq,
  a: unknown,
  b: unknown,
  style: Style,
  out: Splice[],
): void {
  if (isMap(node)) {
    if (!isObj(a) || !isObj(b)) throw new Unsupported('type change of a collection');
    walkMap(text, node, a, b, style, out);
  } else {
    if (!Array.isArray(a) || !Array.isArray(b)) throw new Unsupported('type change of a collection');
    walkSeq(text, node, a, b, style, out);
  }
}

/** The child at `key` changed from `a` to `b`: recurse into a collection of the same shape, else replace it. */
function walkChild(
  text: string,
  parent: YAMLMap | YAMLSeq,
  key: string,
  child: unknown,
  a: unknown,
  b: unknown,
  style: Style,
  out: Splice[],
): void {
  if (jsonEqual(a, b)) return;
  const sameShape =
    (isMap(child) && isObj(a) && isObj(b) && Object.keys(a).length > 0 && Object.keys(b).length > 0) ||
    (isSeq(child) && Array.isArray(a) && Array.isArray(b) && a.length > 0 && b.length > 0);
  if (sameShape && !isAlias(child) && Array.isArray((child as Node).range)) {
    // A flow collection with more than one structural edit is rewritten whole (it is one line).
    if (!(child as YAMLMap | YAMLSeq).flow || simpleFlowChange(a, b)) {
      walkCollection(text, child as YAMLMap | YAMLSeq, a, b, style, out);
      return;
    }
  }
  out.push(replaceChild(text, parent, key, b, style));
}

function walkMap(text: string, node: YAMLMap, a: Obj, b: Obj, style: Style, out: Splice[]): void {
  if (node.items.some((p) => !isScalar(p.key) || String(p.key.value) === '<<' || isAlias(p.value))) {
    throw new Unsupported('merge key, alias or complex key');
  }
  const removed: number[] = [];
  node.items.forEach((p, i) => {
    const k = String((p.key as { value: unknown }).value);
    if (!Object.hasOwn(b, k)) removed.push(i);
  });
  const added = Object.keys(b).filter((k) => !Object.hasOwn(a, k));
  if (node.flow && (removed.length > 0 || added.length > 0) && removed.length + added.length > 1) {
    throw new Unsupported('several structural edits in one flow map');
  }
  for (const i of removed) out.push(removePair(text, node, i));
  for (const [k, av] of Object.entries(a)) {
    if (!Object.hasOwn(b, k)) continue;
    const pair = findPair(node, k);
    if (!pair) throw new Unsupported('value key without a pair');
    walkChild(text, node, k, pair.value, av, b[k], style, out);
  }
  if (added.length > 0)
    out.push(
      appendPairs(
        text,
        node,
        added.map((k) => [k, b[k]] as const),
        style,
      ),
    );
}

function walkSeq(text: string, node: YAMLSeq, a: unknown[], b: unknown[], style: Style, out: Splice[]): void {
  const items = node.items as Node[];
  if (items.some((n) => isAlias(n))) throw new Unsupported('alias item');
  if (b.length >= a.length) {
    for (let i = 0; i < a.length; i++) walkChild(text, node, String(i), items[i], a[i], b[i], style, out);
    if (b.length > a.length) {
      if (node.flow && b.length - a.length > 1 && out.length > 0)
        throw new Unsupported('several edits in one flow sequence');
      out.push(insertItems(text, node, a.length, b.slice(a.length), style));
    }
    return;
  }
  // Shorter: remove the items `b` does not keep (b a subsequence of a), else edit pairwise and cut the tail.
  const keep = subsequence(a, b);
  const drop = keep ? a.map((_, i) => i).filter((i) => !keep.has(i)) : a.map((_, i) => i).slice(b.length);
  if (!keep)
    for (let i = 0; i < b.length; i++) walkChild(text, node, String(i), items[i], a[i], b[i], style, out);
  if (node.flow && drop.length > 1) throw new Unsupported('several removals in one flow sequence');
  for (const i of drop) out.push(removeItem(text, node, i));
}

/** At most one member added or removed (maps); a sequence that grew, or lost exactly one item. */
function simpleFlowChange(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (b.length >= a.length) return true;
    const keep = subsequence(a, b);
    return keep !== undefined && a.length - keep.size === 1;
  }
  if (isObj(a) && isObj(b)) {
    const removed = Object.keys(a).filter((k) => !Object.hasOwn(b, k)).length;
    const added = Object.keys(b).filter((k) => !Object.hasOwn(a, k)).length;
    return removed + added <= 1;
  }
  return false;
}

/** Indexes of `a` matching `b` in order (greedy), or undefined when `b` is not a subsequence of `a`. */
function subsequence(a: readonly unknown[], b: readonly unknown[]): Set<number> | undefined {
  const keep = new Set<number>();
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    if (jsonEqual(a[i], b[j])) {
      keep.add(i);
      j++;
    }
  }
  return j === b.length ? keep : undefined;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Applies non-overlapping splices (any order given); throws Unsupported when two overlap. */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const sorted = [...splices].sort((x, y) => x.start - y.start || x.end - y.end);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (
      cur.start < prev.end ||
      (cur.start === prev.start && cur.start === cur.end && prev.start === prev.end)
    ) {
      throw new Unsupported('overlapping edits');
    }
  }
  let out = '';
  let pos = 0;
  for (const s of sorted) {
    out += text.slice(pos, s.start) + s.text;
    pos = s.end;
  }
  return out + text.slice(pos);
}
