// RFC 6902 JSON Patch over a JSON value: all six operations, atomic (the input is never mutated; on a
// failing operation nothing is applied and a 'patch.conflict' error names the op index and its pointer).
import { DriftgateError } from '../errors.js';
import type { PatchOperation } from '../traffic/mismatch.js';
import { isIndexToken, patchTokens } from './pointer.js';

type Container = Record<string, unknown> | unknown[];

/** Returns the patched value; `doc` is left untouched (copy-on-write along each touched path). */
export function applyPatch(doc: unknown, patch: readonly PatchOperation[]): unknown {
  let cur = doc;
  patch.forEach((op, i) => {
    cur = applyOperation(cur, op, i);
  });
  return cur;
}

/** Applies one operation (index `i` is only used in errors). */
export function applyOperation(doc: unknown, op: PatchOperation, i: number): unknown {
  const fail = (msg: string, ptr: string): never => {
    throw new DriftgateError('patch.conflict', `op ${i} (${op.op} ${ptr}): ${msg}`, { pointer: ptr });
  };
  switch (op.op) {
    case 'test': {
      const actual = valueAt(doc, patchTokens(op.path, i), op.path, fail);
      if (!jsonEqual(actual, op.value)) {
        fail(`test failed: found ${brief(actual)}, expected ${brief(op.value)}`, op.path);
      }
      return doc;
    }
    case 'add':
      return addAt(doc, patchTokens(op.path, i), op.path, cloneJson(op.value), fail);
    case 'replace': {
      const tokens = patchTokens(op.path, i);
      valueAt(doc, tokens, op.path, fail);
      if (tokens.length === 0) return cloneJson(op.value);
      return updateParent(doc, tokens, op.path, fail, (parent, key) => {
        if (Array.isArray(parent)) parent[Number(key)] = cloneJson(op.value);
        else parent[key] = cloneJson(op.value);
      });
    }
    case 'remove':
      return removeAt(doc, patchTokens(op.path, i), op.path, fail);
    case 'copy': {
      const value = valueAt(doc, patchTokens(op.from, i), op.from, fail);
      return addAt(doc, patchTokens(op.path, i), op.path, cloneJson(value), fail);
    }
    case 'move': {
      const from = patchTokens(op.from, i);
      const to = patchTokens(op.path, i);
      if (to.length > from.length && from.every((t, k) => to[k] === t)) {
        fail(`cannot move a value into its own child '${op.path}'`, op.from);
      }
      const value = valueAt(doc, from, op.from, fail);
      return addAt(removeAt(doc, from, op.from, fail), to, op.path, value, fail);
    }
  }
}

type Fail = (msg: string, ptr: string) => never;

/** The value at `tokens`; fails when any step is missing. */
export function valueAt(doc: unknown, tokens: readonly string[], ptr: string, fail: Fail): unknown {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) {
      if (!isIndexToken(t) || Number(t) >= cur.length) fail(`no array element '${t}'`, ptr);
      cur = cur[Number(t)];
    } else if (isObject(cur)) {
      if (!Object.hasOwn(cur, t)) fail(`no member '${t}'`, ptr);
      cur = cur[t];
    } else {
      fail(`cannot step into a ${cur === null ? 'null' : typeof cur} with '${t}'`, ptr);
    }
  }
  return cur;
}

function addAt(doc: unknown, tokens: readonly string[], ptr: string, value: unknown, fail: Fail): unknown {
  if (tokens.length === 0) return value;
  return updateParent(doc, tokens, ptr, fail, (parent, key) => {
    if (Array.isArray(parent)) {
      if (key === '-') parent.push(value);
      else if (isIndexToken(key) && Number(key) <= parent.length) parent.splice(Number(key), 0, value);
      else fail(`array index '${key}' is out of bounds (length ${parent.length})`, ptr);
    } else {
      parent[key] = value;
    }
  });
}

function removeAt(doc: unknown, tokens: readonly string[], ptr: string, fail: Fail): unknown {
  valueAt(doc, tokens, ptr, fail);
  if (tokens.length === 0) fail('cannot remove the whole document', ptr);
  return updateParent(doc, tokens, ptr, fail, (parent, key) => {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  });
}

/** Copies the containers along the path to the parent, then lets `edit` change the parent copy. */
function updateParent(
  doc: unknown,
  tokens: readonly string[],
  ptr: string,
  fail: Fail,
  edit: (parent: Container, key: string) => void,
): unknown {
  const root = shallowCopy(doc, ptr, fail);
  let parent = root;
  for (let k = 0; k < tokens.length - 1; k++) {
    const t = tokens[k]!;
    let child: unknown;
    if (Array.isArray(parent)) {
      if (!isIndexToken(t) || Number(t) >= parent.length) fail(`no array element '${t}'`, ptr);
      child = parent[Number(t)];
    } else {
      if (!Object.hasOwn(parent, t)) fail(`no member '${t}' (the parent must exist)`, ptr);
      child = parent[t];
    }
    const copy = shallowCopy(child, ptr, fail);
    if (Array.isArray(parent)) parent[Number(t)] = copy;
    else parent[t] = copy;
    parent = copy;
  }
  edit(parent, tokens[tokens.length - 1]!);
  return root;
}

function shallowCopy(v: unknown, ptr: string, fail: Fail): Container {
  if (Array.isArray(v)) return [...v];
  if (isObject(v)) return { ...v };
  return fail(`the parent is a ${v === null ? 'null' : typeof v}, not an object or array`, ptr);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function cloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Structural equality of JSON values (object key order ignored, as RFC 6902 `test` requires). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, k) => jsonEqual(x, bb[k]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

function brief(v: unknown): string {
  const s = JSON.stringify(v) ?? 'nothing';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
