// Lines of JSON pointers in a spec's source text, so SARIF regions and GitHub annotations can point at the
// line that changed. Only the requested pointers (and their ancestors) are tracked; JSON is scanned without
// building values, YAML goes through the yaml CST with a line counter.

import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { escapeToken } from '../core/openapi/index.js';

/**
 * 1-based line of each pointer (`#/paths/~1pets/get`) in `text`; a pointer that does not exist in the text
 * gets the line of its nearest existing ancestor. Unparseable text gives an empty map.
 */
export function locatePointers(text: string, pointers: Iterable<string>): Map<string, number> {
  const wanted = new Set<string>();
  const prefixes = new Set<string>(['#']);
  for (const p of pointers) {
    wanted.add(p);
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) prefixes.add(p.slice(0, i));
    prefixes.add(p);
  }
  let found: Map<string, number>;
  try {
    found = /^\s*[[{]/.test(text.slice(0, 1024)) ? scanJson(text, prefixes) : scanYaml(text, prefixes);
  } catch {
    return new Map();
  }
  const out = new Map<string, number>();
  for (const p of wanted) {
    let q = p;
    while (!found.has(q) && q.includes('/')) q = q.slice(0, q.lastIndexOf('/'));
    const line = found.get(q);
    if (line !== undefined) out.set(p, line);
  }
  return out;
}

function scanJson(text: string, prefixes: ReadonlySet<string>): Map<string, number> {
  const found = new Map<string, number>();
  let i = 0;
  let line = 1;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      i++;
    }
  };
  const string = (): string => {
    const start = i++;
    let escaped = false;
    while (i < text.length) {
      const c = text.charCodeAt(i++);
      if (c === 92) {
        escaped = true;
        i++;
      } else if (c === 34) break;
    }
    const raw = text.slice(start, i);
    return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  };
  /** Skips one value of any kind, counting lines (JSON strings hold no raw newlines). */
  const skip = () => {
    const first = text.charCodeAt(i);
    if (first === 34) {
      string();
      return;
    }
    if (first !== 123 && first !== 91) {
      // number, true, false, null: up to the next delimiter
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
      return;
    }
    let depth = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        string();
        continue;
      }
      i++;
      if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        if (--depth === 0) return;
      } else if (c === 10) line++;
    }
  };
  const value = (ptr: string, at: number) => {
    found.set(ptr, at);
    ws();
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      const isObject = c === 123;
      i++;
      let index = 0;
      for (;;) {
        ws();
        if (i >= text.length) throw new Error('unexpected end of JSON');
        if (text.charCodeAt(i) === (isObject ? 125 : 93)) {
          i++;
          return;
        }
        let child: string;
        const childLine = line;
        if (isObject) {
          child = `${ptr}/${escapeToken(string())}`;
          ws();
          i++; // ':'
          ws();
        } else child = `${ptr}/${index++}`;
        if (prefixes.has(child)) value(child, childLine);
        else skip();
        ws();
        if (text.charCodeAt(i) === 44) i++;
      }
    }
    skip();
  };
  ws();
  value('#', line);
  return found;
}

function scanYaml(text: string, prefixes: ReadonlySet<string>): Map<string, number> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) throw doc.errors[0];
  const found = new Map<string, number>();
  const lineOf = (n: Node | null | undefined, fallback: number) =>
    n?.range ? lineCounter.linePos(n.range[0]).line : fallback;
  const walk = (node: unknown, ptr: string, line: number) => {
    found.set(ptr, line);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = `${ptr}/${escapeToken(key)}`;
        if (prefixes.has(child)) walk(pair.value, child, lineOf(pair.key as Node, line));
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const child = `${ptr}/${index}`;
        if (prefixes.has(child)) walk(item, child, lineOf(item as Node, line));
      });
    }
  };
  walk(doc.contents, '#', 1);
  return found;
}
