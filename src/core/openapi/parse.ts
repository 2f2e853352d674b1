// Text → JSON value for spec documents: JSON when it looks like JSON (fast path), else YAML 1.2.
// Errors carry the file, line and column (DriftgateError 'spec.parse').
import jsyaml from 'js-yaml';
import { DriftgateError } from '../errors.js';

/** Parses JSON or YAML text. `uri` is only used in error messages. */
export function parseSpecText(text: string, uri: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (looksBinary(body)) {
    throw new DriftgateError('spec.not_text', 'not a text document (binary content)', { file: uri });
  }
  const first = firstSignificantChar(body);
  if (first === '{' || first === '[') return parseJson(body, uri);
  if (first === undefined)
    throw new DriftgateError('spec.not_openapi', 'the document is empty', { file: uri });
  if (!looksLikeYamlMapping(body)) {
    throw new DriftgateError(
      'spec.not_openapi',
      'not an OpenAPI document: expected a JSON object or a YAML mapping, but the first line is not a key',
      {
        file: uri,
        line: firstContentLine(body),
      },
    );
  }
  return parseYaml(body, uri);
}

function parseJson(text: string, uri: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? lineColumn(text, Number(pos[1])) : {};
    throw new DriftgateError(
      'spec.parse',
      `invalid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`,
      {
        file: uri,
        ...where,
      },
    );
  }
}

/**
 * YAML 1.2 core schema plus merge keys (`<<`), duplicate keys rejected. js-yaml, not the `yaml` package
 * we edit specs with: it parses a 4 MB spec about 5x faster, and reading specs is the hot path.
 */
const SPEC_SCHEMA = jsyaml.CORE_SCHEMA.extend([
  // The merge type ships with js-yaml but is missing from its published types.
  (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types.merge,
]);

function parseYaml(text: string, uri: string): unknown {
  try {
    return jsyaml.load(text, { schema: SPEC_SCHEMA, filename: uri });
  } catch (e) {
    const err = e as { reason?: string; mark?: { line: number; column: number }; message: string };
    throw new DriftgateError('spec.parse', `invalid YAML: ${err.reason ?? err.message.split('\n')[0]}`, {
      file: uri,
      ...(err.mark ? markPosition(text, err.mark) : {}),
    });
  }
}

/** 1-based line and column of a js-yaml mark; an error at the end of input points after the last character. */
function markPosition(
  text: string,
  mark: { line: number; column: number },
): { line: number; column: number } {
  const lines = text.replace(/\n$/, '').split('\n');
  if (mark.line < lines.length) return { line: mark.line + 1, column: mark.column + 1 };
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function firstSignificantChar(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return undefined;
      i = nl;
      continue;
    }
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return undefined;
}

/** Cheap guard before a full YAML parse of a possibly huge garbage file: the first content line must be a key, `---` or `%YAML`. */
function looksLikeYamlMapping(text: string): boolean {
  const lines = text.slice(0, 4096).split('\n');
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    return /^(---|%YAML|["']?[^\s#:][^:]*["']?\s*:(\s|$))/.test(line) || /^\?\s/.test(line);
  }
  return false;
}

function firstContentLine(text: string): number {
  const lines = text.split('\n', 1000);
  const i = lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  return i < 0 ? 1 : i + 1;
}

function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 8192);
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) === 0) return true;
  return false;
}
