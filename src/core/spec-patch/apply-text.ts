// RFC 6902 against a spec document's TEXT: JSON keeps its indentation and key order, YAML keeps comments,
// key order, quoting and the layout of every untouched part. Pure: text in, text out. The patch is first
// applied to the parsed value (so a conflict throws before any text changes and names the op), then
// each edit is made on the text and checked by re-parsing against the value it must produce.
import { type Document, parseDocument } from 'yaml';
import { DriftgateError } from '../errors.js';
import { parseSpecText } from '../openapi/parse.js';
import type { PatchOperation } from '../traffic/mismatch.js';
import { jsonEqual } from './apply-value.js';
import { type LoweredEdit, lowerPatch } from './edits.js';
import { editJsonText, jsonSplices } from './json-text.js';
import { applySplices, yamlSplices } from './yaml-diff.js';
import { detectStyle, documentEdit, editYamlText } from './yaml-text.js';

export type TextFormat = 'json' | 'yaml';

export interface TextPatchResult {
  readonly text: string;
  readonly format: TextFormat;
  /** The patched document value (what `text` parses to). */
  readonly value: unknown;
  /** Edits the in-place editor could not make and that were made by re-rendering (YAML: Document API). */
  readonly reRendered: number;
  /** `one-pass`: every edit from one parse (the usual way); `sequential`: op by op, re-parsing each time. */
  readonly strategy: 'one-pass' | 'sequential';
}

export interface TextPatchOptions {
  /** Name used in errors. */
  readonly uri?: string;
  /** Force op-by-op editing (tests compare both ways). Default: one pass, op by op when that fails. */
  readonly strategy?: 'auto' | 'sequential';
}

export function detectTextFormat(text: string): TextFormat {
  const m = /^(?:\uFEFF)?(?:\s|#[^\n]*\n)*(\S)/.exec(text);
  return m && (m[1] === '{' || m[1] === '[') ? 'json' : 'yaml';
}

/**
 * Applies `patch` to the document text. Throws DriftgateError('patch.conflict') naming the failing op
 * (index and pointer) and leaves nothing changed; 'spec.parse' when the text does not parse.
 */
export function applyPatchToText(
  text: string,
  patch: readonly PatchOperation[],
  options: TextPatchOptions = {},
): TextPatchResult {
  const uri = options.uri ?? '<spec>';
  const format = detectTextFormat(text);
  // YAML: one Document serves the value and the one-pass edit (a 4 MB spec parses in seconds).
  const doc = format === 'yaml' && text.charCodeAt(0) !== 0xfeff ? parseYaml(text) : undefined;
  const original = doc ? doc.toJS({ maxAliasCount: 10_000 }) : parseSpecText(text, uri);
  const { edits, result } = lowerPatch(original, patch);
  if (edits.length === 0) return { text, format, value: result, reRendered: 0, strategy: 'one-pass' };
  if (options.strategy !== 'sequential') {
    const fast = onePass(text, format, original, result, uri, doc);
    if (fast !== undefined) return { text: fast, format, value: result, reRendered: 0, strategy: 'one-pass' };
  }
  let cur = text;
  let reRendered = 0;
  for (const step of edits) {
    const next = editStep(cur, step, format, uri);
    if (next.reRendered) reRendered++;
    cur = next.text;
  }
  return { text: cur, format, value: result, reRendered, strategy: 'sequential' };
}

/**
 * All edits from one parse: the original and patched values are compared over the parsed text and every
 * difference becomes a splice of the original. Undefined when it cannot (then edits go one by one).
 */
function onePass(
  text: string,
  format: TextFormat,
  before: unknown,
  after: unknown,
  uri: string,
  parsed: Document | undefined,
): string | undefined {
  try {
    let out: string;
    if (format === 'json') {
      out = applySplices(text, crlf(text, jsonSplices(text, before, after, jsonEqual)));
    } else {
      const doc = parsed ?? parseDocument(text, { merge: true });
      out = applySplices(text, crlf(text, yamlSplices(text, doc, before, after, detectStyle(text, doc))));
    }
    return jsonEqual(parseSpecText(out, uri), after) ? out : undefined;
  } catch {
    return undefined;
  }
}

function editStep(
  text: string,
  step: LoweredEdit,
  format: TextFormat,
  uri: string,
): { text: string; reRendered: boolean } {
  const check = (candidate: string): boolean => {
    try {
      return jsonEqual(parseSpecText(candidate, uri), step.after);
    } catch {
      return false;
    }
  };
  let inPlace: string | undefined;
  try {
    inPlace = format === 'json' ? editJsonText(text, step.edit) : editYamlText(text, step.edit, step.after);
  } catch {
    inPlace = undefined;
  }
  if (inPlace !== undefined && check(inPlace)) return { text: inPlace, reRendered: false };
  const fallback = reRender(text, step, format);
  if (check(fallback)) return { text: fallback, reRendered: true };
  throw new DriftgateError(
    'patch.conflict',
    `could not write the ${step.edit.kind} edit into the ${format} text`,
    {
      file: uri,
      pointer: `#/${(step.edit.kind === 'insert' ? step.edit.parent : step.edit.tokens).join('/')}`,
    },
  );
}

/** New lines in a CRLF file end in CRLF too. */
function crlf<T extends { readonly text: string }>(text: string, splices: T[]): T[] {
  if (!text.includes('\r\n')) return splices;
  return splices.map((s) => ({ ...s, text: s.text.replace(/\r?\n/g, '\r\n') }));
}

/** The Document when the text is clean YAML; errors are left to parseSpecText, which words them. */
function parseYaml(text: string): Document | undefined {
  const doc = parseDocument(text, { uniqueKeys: true, merge: true, prettyErrors: false });
  return doc.errors.length === 0 ? doc : undefined;
}

/** Last resort that still keeps key order: JSON re-serialised with the detected indentation, YAML via the Document API. */
function reRender(text: string, step: LoweredEdit, format: TextFormat): string {
  if (format === 'json') {
    const unit = /\n([ \t]+)\S/.exec(text)?.[1] ?? '';
    return `${JSON.stringify(step.after, null, unit)}${text.endsWith('\n') ? '\n' : ''}`;
  }
  return reRenderYaml(text, step);
}

function reRenderYaml(text: string, step: LoweredEdit): string {
  const doc = parseDocument(text, { merge: true });
  return documentEdit(doc, step.edit, detectStyle(text, doc));
}
