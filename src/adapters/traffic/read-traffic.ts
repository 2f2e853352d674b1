// Streams exchanges out of traffic files: exchange JSONL (line by line) or HAR 1.2 (entry by entry), either
// optionally gzip-compressed (by extension or magic bytes). Nothing is loaded whole. A malformed line or
// entry is reported with file and line and skipped; reading continues.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DriftgateError } from '../../core/errors.js';
import type { Exchange } from '../../core/traffic/exchange.js';
import { HarEntryScanner } from './har-entries.js';
import { exchangeFromHarEntry, exchangeFromRecord } from './records.js';

export interface MalformedRecord {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface ReadTrafficOptions {
  readonly onMalformed?: (m: MalformedRecord) => void;
  /** Raw (possibly compressed) bytes read so far across all files. */
  readonly onBytes?: (bytes: number) => void;
  /** Force the format instead of detecting it. */
  readonly format?: 'har' | 'jsonl';
}

export type TrafficFormat = 'har' | 'jsonl';

/** Total size of the inputs in bytes (for a progress bar). */
export async function totalBytes(files: readonly string[]): Promise<number> {
  let n = 0;
  for (const f of files) {
    try {
      n += (await stat(f)).size;
    } catch {
      throw new DriftgateError('io.not_found', `traffic file '${f}' does not exist`, { file: f });
    }
  }
  return n;
}

async function openText(file: string, onBytes: (n: number) => void): Promise<Readable> {
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(file);
  } catch {
    throw new DriftgateError('io.not_found', `traffic file '${file}' does not exist`, { file });
  }
  if (!st.isFile()) throw new DriftgateError('io.read_failed', `'${file}' is not a file`, { file });
  const magic = await peekMagic(file);
  const gz = file.endsWith('.gz') || (magic[0] === 0x1f && magic[1] === 0x8b);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  // Counting in a pipe keeps the stream paused until the reader pulls (a 'data' listener would not).
  const counted = raw.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        onBytes(chunk.byteLength);
        cb(null, chunk);
      },
    }),
  );
  raw.on('error', (e) => counted.destroy(e));
  const stream = gz ? counted.pipe(createGunzip()) : counted;
  if (gz) counted.on('error', (e) => stream.destroy(e));
  stream.setEncoding('utf8');
  return stream;
}

async function peekMagic(file: string): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(2);
    await fh.read(buf, 0, 2, 0);
    return buf;
  } finally {
    await fh.close();
  }
}

/** HAR when the name says so or the document starts with `{"log"`; otherwise JSONL. */
function detectFormat(file: string, firstChunk: string): TrafficFormat {
  const name = file.replace(/\.gz$/, '').toLowerCase();
  if (name.endsWith('.har')) return 'har';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  return /^\uFEFF?\s*\{\s*"log"\s*:/.test(firstChunk) ? 'har' : 'jsonl';
}

/** Exchanges from every file in order. */
export async function* readTraffic(
  files: readonly string[],
  options: ReadTrafficOptions = {},
): AsyncGenerator<Exchange> {
  let bytes = 0;
  const onBytes = (n: number) => {
    bytes += n;
    options.onBytes?.(bytes);
  };
  for (const file of files) {
    const stream = await openText(file, onBytes);
    yield* readOne(file, stream, options);
  }
}

async function* readOne(
  file: string,
  stream: Readable,
  options: ReadTrafficOptions,
): AsyncGenerator<Exchange> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<string>;
  const first = await iterator.next();
  if (first.done) return;
  const format = options.format ?? detectFormat(file, first.value);
  async function* chunks(): AsyncGenerator<string> {
    yield first.value as string;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  try {
    if (format === 'har') yield* readHar(file, chunks(), options);
    else yield* readJsonl(file, chunks(), options);
  } catch (e) {
    if (e instanceof DriftgateError) throw e;
    throw new DriftgateError('io.read_failed', `cannot read '${file}': ${(e as Error).message}`, { file });
  } finally {
    stream.destroy();
  }
}

async function* readJsonl(
  file: string,
  chunks: AsyncIterable<string>,
  options: ReadTrafficOptions,
): AsyncGenerator<Exchange> {
  let line = 0;
  let rest = '';
  const handle = (text: string): Exchange | null => {
    line++;
    const t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (t.trim() === '') return null;
    let rec: unknown;
    try {
      rec = JSON.parse(t);
    } catch (e) {
      options.onMalformed?.({ file, line, message: `not JSON: ${(e as Error).message}` });
      return null;
    }
    const ex = exchangeFromRecord(rec, `${file}:${line}`);
    if (typeof ex === 'string') {
      options.onMalformed?.({ file, line, message: ex });
      return null;
    }
    return ex;
  };
  for await (const chunk of chunks) {
    let start = 0;
    const text = rest === '' ? chunk : rest + chunk;
    rest = '';
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const ex = handle(text.slice(start, nl));
      if (ex) yield ex;
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') {
    const ex = handle(rest);
    if (ex) yield ex;
  }
}

async function* readHar(
  file: string,
  chunks: AsyncIterable<string>,
  options: ReadTrafficOptions,
): AsyncGenerator<Exchange> {
  const scanner = new HarEntryScanner();
  for await (const chunk of chunks) {
    for (const entry of scanner.push(chunk)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(entry.text);
      } catch (e) {
        options.onMalformed?.({
          file,
          line: entry.line,
          message: `entry ${entry.index} is not JSON: ${(e as Error).message}`,
        });
        continue;
      }
      const ex = exchangeFromHarEntry(parsed, `${file}#${entry.index}`);
      if (typeof ex === 'string') {
        options.onMalformed?.({ file, line: entry.line, message: `entry ${entry.index}: ${ex}` });
        continue;
      }
      yield ex;
    }
  }
  if (!scanner.sawEntries) {
    throw new DriftgateError('traffic.parse', "not a HAR file: no 'log.entries' array", { file });
  }
}

/** Exchanges from already-parsed JSONL text (the server's ingestion path). */
export function* exchangesFromJsonl(
  text: string,
  source: string,
  onMalformed?: (m: MalformedRecord) => void,
): Generator<Exchange> {
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    if (raw.trim() === '') continue;
    let rec: unknown;
    try {
      rec = JSON.parse(raw);
    } catch (e) {
      onMalformed?.({ file: source, line, message: `not JSON: ${(e as Error).message}` });
      continue;
    }
    const ex = exchangeFromRecord(rec, `${source}:${line}`);
    if (typeof ex === 'string') onMalformed?.({ file: source, line, message: ex });
    else yield ex;
  }
}
