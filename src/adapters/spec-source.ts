// Reads a contract from a file, stdin or (when allowed) a URL, with every file it `$ref`s, and builds the
// model. The only place spec bytes are read; parsing and resolution are core/openapi's.
import { readFile, stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { DriftgateError } from '../core/errors.js';
import { type ApiDocument, buildApiDocument, parseSpecText, scanRefs } from '../core/openapi/index.js';

export interface LoadSpecOptions {
  /** Follow `http(s)://` $refs (off by default: a spec should not reach the network unasked). */
  readonly allowRemoteRefs?: boolean;
  /** Where `-` reads from. */
  readonly stdin?: NodeJS.ReadableStream;
  /** Refuse inputs larger than this (bytes). Default 256 MiB. */
  readonly maxBytes?: number;
}

const DEFAULT_MAX = 256 * 1024 * 1024;

/** Loads `source` (a path, `-` for stdin, or a URL) into the contract model. */
export async function loadSpec(source: string, options: LoadSpecOptions = {}): Promise<ApiDocument> {
  const entry = source === '-' ? 'stdin' : isUrl(source) ? source : resolvePath(source);
  const display = new Map<string, string>([[entry, source === '-' ? '<stdin>' : source]]);
  const docs = new Map<string, unknown>();
  const text =
    source === '-'
      ? await readStream(options.stdin ?? process.stdin, options)
      : await readSource(entry, source, options);
  docs.set(entry, parseSpecText(text, display.get(entry)!));

  // Fetch every external document transitively before building (core resolves in memory only).
  const queue = [entry];
  while (queue.length > 0) {
    const uri = queue.shift()!;
    for (const ext of scanRefs(docs, uri).external) {
      if (docs.has(ext)) continue;
      if (isUrl(ext) && !options.allowRemoteRefs) {
        throw new DriftgateError(
          'spec.ref_remote',
          `remote $ref to '${ext}' is not followed (pass allowRemoteRefs / --allow-remote-refs to allow)`,
          { file: display.get(uri) ?? uri },
        );
      }
      const shown = isUrl(ext) ? ext : relativeDisplay(ext);
      display.set(ext, shown);
      let extText: string;
      try {
        extText = await readSource(ext, shown, options);
      } catch (e) {
        if (e instanceof DriftgateError && e.code === 'io.not_found') {
          throw new DriftgateError('spec.ref_dangling', `$ref target file '${shown}' does not exist`, {
            file: display.get(uri) ?? uri,
          });
        }
        throw e;
      }
      docs.set(ext, parseSpecText(extText, shown));
      queue.push(ext);
    }
  }
  try {
    return buildApiDocument(entry, docs);
  } catch (e) {
    // Errors carry uris; show the names the user typed.
    if (e instanceof DriftgateError && e.location.file !== undefined && display.has(e.location.file)) {
      throw new DriftgateError(
        e.code,
        e.message,
        { ...e.location, file: display.get(e.location.file)! },
        e.details.map((d) => ({
          ...d,
          location: {
            ...d.location,
            ...(d.location.file !== undefined
              ? { file: display.get(d.location.file) ?? d.location.file }
              : {}),
          },
        })),
      );
    }
    throw e;
  }
}

/** Parses a spec given as text (API bodies, tests). External file refs are not followed. */
export function loadSpecText(text: string, name = '<inline>'): ApiDocument {
  return buildApiDocument(name, new Map([[name, parseSpecText(text, name)]]));
}

function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

function relativeDisplay(abs: string): string {
  const cwd = `${process.cwd()}/`;
  return abs.startsWith(cwd) ? abs.slice(cwd.length) : abs;
}

async function readSource(uri: string, shown: string, options: LoadSpecOptions): Promise<string> {
  const max = options.maxBytes ?? DEFAULT_MAX;
  if (isUrl(uri)) {
    const res = await fetch(uri);
    if (!res.ok)
      throw new DriftgateError('io.read_failed', `GET ${uri} answered ${res.status}`, { file: shown });
    const text = await res.text();
    if (text.length > max)
      throw new DriftgateError('io.read_failed', `larger than ${max} bytes`, { file: shown });
    return text;
  }
  try {
    const st = await stat(uri);
    if (st.isDirectory())
      throw new DriftgateError('io.read_failed', 'is a directory, not a spec file', { file: shown });
    if (st.size > max) {
      throw new DriftgateError('io.read_failed', `file is ${st.size} bytes, over the ${max}-byte limit`, {
        file: shown,
      });
    }
    return decodeText(await readFile(uri), shown);
  } catch (e) {
    if (e instanceof DriftgateError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DriftgateError('io.not_found', 'no such file', { file: shown });
    throw new DriftgateError('io.read_failed', (e as Error).message, { file: shown });
  }
}

async function readStream(stream: NodeJS.ReadableStream, options: LoadSpecOptions): Promise<string> {
  const max = options.maxBytes ?? DEFAULT_MAX;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > max)
      throw new DriftgateError('io.read_failed', `stdin is over the ${max}-byte limit`, { file: '<stdin>' });
    chunks.push(b);
  }
  return decodeText(Buffer.concat(chunks), '<stdin>');
}

/** Rejects binary input before paying for a UTF-8 decode of a possibly huge buffer. */
function decodeText(buf: Buffer, shown: string): string {
  const head = buf.subarray(0, 8192);
  if (head.includes(0))
    throw new DriftgateError('spec.not_text', 'not a text document (binary content)', { file: shown });
  return buf.toString('utf8');
}
