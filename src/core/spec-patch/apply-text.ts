// RFC 6902 against a spec document's TEXT: JSON keeps its indentation and key order, YAML keeps comments,
// key order, quoting and the layout of every untouched part. Pure: text in, text out. The patch is first
// applied to the parsed value (so a conflict throws before any text changes and names the op), then
// each edit is made on the text and checked by re-parsing against the value it must produce.
import { parseDocument } from 'yaml';
import { DriftgateError } from '../errors.js';
import { parseSpecText } from '../openapi/parse.js';
import type { PatchOperation } from '../traffic/mismatch.js';
import { jsonEqual } from './apply-value.js';
import { type LoweredEdit, lowerPatch } from './edits.js';
import { editJsonText } from './json-text.js';
import { documentEdit, editYamlText } from './yaml-text.js';

export type TextFormat = 'json' | 'yaml';

export interface TextPatchResult {
  readonly text: string;
  readonly format: TextFormat;
  /** The patched document value (what `text` parses to). */
  readonly value: unknown;
  /** Edits the in-place editor could not make and that were made by re-rendering (YAML: Document API). */
  readonly reRendered: number;
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
  uri = '<spec>',
): TextPatchResult {
  const format = detectTextFormat(text);
  const original = parseSpecText(text, uri);
  const { edits, result } = lowerPatch(original, patch);
  let cur = text;
  let reRendered = 0;
  for (const step of edits) {
    const next = editStep(cur, step, format, uri);
    if (next.reRendered) reRendered++;
    cur = next.text;
  }
  return { text: cur, format, value: result, reRendered };
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
  return documentEdit(doc, step.edit, { indent: 2, indentSeq: true, singleQuote: false });
}
