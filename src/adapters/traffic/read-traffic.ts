// Streams exchanges out of traffic files: exchange JSONL (line by line) or HAR 1.2 (entry by entry), either
// optionally gzip-compressed (by extension or magic bytes). Nothing is loaded whole. A malformed line or
// entry is reported with file and line and skipped; reading continues.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
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

async function openBytes(file: string, onBytes: (n: number) => void): Promise<Readable> {
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
    const stream = await openBytes(file, onBytes);
    yield* readOne(file, stream, options);
  }
}

async function* readOne(
  file: string,
  stream: Readable,
  options: ReadTrafficOptions,
): AsyncGenerator<Exchange> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value as Buffer;
  const format = options.format ?? detectFormat(file, head.toString('utf8', 0, Math.min(head.length, 256)));
  async function* chunks(): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  try {
    if (format === 'har') yield* readHar(file, decodeUtf8(chunks()), options);
    else yield* readJsonl(file, chunks(), options);
  } catch (e) {
    if (e instanceof DriftgateError) throw e;
    throw new DriftgateError('io.read_failed', `cannot read '${file}': ${(e as Error).message}`, { file });
  } finally {
    stream.destroy();
  }
}

async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield decoder.write(chunk);
  const tail = decoder.end();
  if (tail !== '') yield tail;
}

/**
 * Splits exchange-JSONL bytes into records. Lines are cut in the bytes and each decoded on its own: an ASCII
 * line becomes a one-byte string (faster to parse, half the memory) even when another line in the same
 * chunk holds non-ASCII text, and no chunk is decoded or concatenated as a whole. Records are parsed as
 * they are taken (`feed` is a generator), so only the record being analysed is alive: parsing a whole chunk
 * ahead would keep a thousand records alive through every young-generation collection.
 */
function jsonlSplitter(
  file: string,
  options: Pick<ReadTrafficOptions, 'onMalformed'>,
  idOf: (line: number) => string,
) {
  let line = 0;
  /** The start of a line that continues in the next chunk (several pieces for a very long line). */
  let pending: Buffer[] = [];
  const parse = (buf: Buffer, start: number, end: number): Exchange | null => {
    line++;
    let s = start;
    let e = end;
    if (e > s && buf[e - 1] === 0x0d) e--;
    // A UTF-8 byte order mark before the first record.
    if (line === 1 && e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
    if (s === e) return null;
    let rec: unknown;
    try {
      rec = JSON.parse(buf.toString('utf8', s, e));
    } catch (err) {
      options.onMalformed?.({ file, line, message: `not JSON: ${(err as Error).message}` });
      return null;
    }
    const ex = exchangeFromRecord(rec, idOf, line);
    if (typeof ex === 'string') {
      options.onMalformed?.({ file, line, message: ex });
      return null;
    }
    return ex;
  };
  return {
    *feed(chunk: Buffer): Generator<Exchange> {
      let start = 0;
      let nl = chunk.indexOf(0x0a);
      if (pending.length > 0) {
        if (nl < 0) {
          pending.push(chunk);
          return;
        }
        pending.push(chunk.subarray(0, nl));
        const whole = Buffer.concat(pending);
        pending = [];
        const ex = parse(whole, 0, whole.length);
        if (ex) yield ex;
        start = nl + 1;
        nl = chunk.indexOf(0x0a, start);
      }
      while (nl >= 0) {
        const ex = parse(chunk, start, nl);
        if (ex) yield ex;
        start = nl + 1;
        nl = chunk.indexOf(0x0a, start);
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    },
    *end(): Generator<Exchange> {
      if (pending.length === 0) return;
      const whole = Buffer.concat(pending);
      pending = [];
      const ex = parse(whole, 0, whole.length);
      if (ex) yield ex;
    },
    /** Lines seen so far (the last one counted even without a newline). */
    lines: () => line,
  };
}

async function* readJsonl(
  file: string,
  chunks: AsyncIterable<Buffer>,
  options: Pick<ReadTrafficOptions, 'onMalformed'>,
): AsyncGenerator<Exchange> {
  const split = jsonlSplitter(file, options, (line) => `${file}:${line}`);
  for await (const chunk of chunks) yield* split.feed(chunk);
  yield* split.end();
}

/**
 * Calls `each` with every exchange in bytes [start, end) of a plain (uncompressed) JSONL file, where both
 * ends sit at line starts (see jsonl-parts.ts), one record parsed at a time. Lines are numbered from 1 at
 * `start`; `idOf` names records without an id. Resolves to the number of lines in the part.
 */
export async function forEachJsonlRecord(
  file: string,
  start: number,
  end: number,
  idOf: (line: number) => string,
  options: Pick<ReadTrafficOptions, 'onMalformed'>,
  each: (exchange: Exchange) => void,
): Promise<number> {
  if (end <= start) return 0;
  const split = jsonlSplitter(file, options, idOf);
  const stream = createReadStream(file, { start, end: end - 1, highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) for (const ex of split.feed(chunk)) each(ex);
    for (const ex of split.end()) each(ex);
  } finally {
    stream.destroy();
  }
  return split.lines();
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
