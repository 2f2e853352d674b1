// The little HTTP/1.1 the recording proxy needs to forward bytes verbatim and still know where each
// message ends: head parsing (request/status line, the framing headers), the chunked-body scanner and the
// body copy kept for recording. Pure functions and small state machines over Buffers; no sockets here.

/** A copy of a body's bytes as they stream, up to `max` (beyond: nothing kept, marked truncated). */
export class Tee {
  private chunks: Buffer[] = [];
  private length = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  add(chunk: Buffer): void {
    if (this.truncated) return;
    if (this.length + chunk.length > this.max) {
      this.truncated = true;
      this.chunks = [];
      return;
    }
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  bytes(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
  }
}

/** How a message body is delimited. */
export type Framing =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' }
  | { readonly kind: 'close' };

export interface HeadFields {
  /** Lower-cased `content-length` value(s), joined with `,` when repeated. */
  contentLength: string | undefined;
  transferEncoding: string | undefined;
  connection: string | undefined;
}

/**
 * Scans the header lines of a head (text after the first line, lines separated by CRLF) for the framing
 * fields; `keep` receives each line that is forwarded (all but the ones `drop` names, lower-case).
 */
export function scanHeaders(
  head: string,
  from: number,
  drop: ReadonlySet<string> | null,
  keep: string[] | null,
): HeadFields | string {
  const out: HeadFields = { contentLength: undefined, transferEncoding: undefined, connection: undefined };
  let i = from;
  while (i < head.length) {
    let end = head.indexOf('\r\n', i);
    if (end < 0) end = head.length;
    const colon = head.indexOf(':', i);
    if (colon < 0 || colon > end || colon === i) return `malformed header line '${head.slice(i, end)}'`;
    const name = head.slice(i, colon).toLowerCase();
    if (name.charCodeAt(name.length - 1) === 32) return `whitespace before ':' in '${head.slice(i, end)}'`;
    if (name === 'content-length' || name === 'transfer-encoding' || name === 'connection') {
      const value = head
        .slice(colon + 1, end)
        .trim()
        .toLowerCase();
      if (name === 'content-length')
        out.contentLength = out.contentLength === undefined ? value : `${out.contentLength},${value}`;
      else if (name === 'transfer-encoding')
        out.transferEncoding =
          out.transferEncoding === undefined ? value : `${out.transferEncoding},${value}`;
      else out.connection = out.connection === undefined ? value : `${out.connection},${value}`;
    }
    if (keep !== null && (drop === null || !drop.has(name))) keep.push(head.slice(i, end));
    i = end + 2;
  }
  return out;
}

/** A Content-Length value (repeats must agree), or null when invalid. */
export function contentLength(value: string): number | null {
  let n: number | null = null;
  for (const part of value.split(',')) {
    const t = part.trim();
    if (!/^\d{1,15}$/.test(t)) return null;
    const v = Number(t);
    if (n !== null && v !== n) return null;
    n = v;
  }
  return n;
}

function isChunked(te: string): boolean {
  const codings = te.split(',');
  return codings[codings.length - 1]!.trim() === 'chunked';
}

/** Request body framing (RFC 9112 6.3): chunked, a length, or none; a string explains a bad request. */
export function requestFraming(f: HeadFields): Framing | string {
  if (f.transferEncoding !== undefined) {
    if (f.contentLength !== undefined) return 'both Transfer-Encoding and Content-Length';
    return isChunked(f.transferEncoding) ? { kind: 'chunked' } : 'Transfer-Encoding without chunked';
  }
  if (f.contentLength === undefined) return { kind: 'none' };
  const n = contentLength(f.contentLength);
  if (n === null) return `invalid Content-Length '${f.contentLength}'`;
  return n === 0 ? { kind: 'none' } : { kind: 'length', length: n };
}

/** Response body framing; HEAD and 1xx/204/304 answers have none, unknown length reads until close. */
export function responseFraming(f: HeadFields, status: number, method: string): Framing {
  if (method === 'HEAD' || status < 200 || status === 204 || status === 304) return { kind: 'none' };
  if (f.transferEncoding !== undefined)
    return isChunked(f.transferEncoding) ? { kind: 'chunked' } : { kind: 'close' };
  if (f.contentLength === undefined) return { kind: 'close' };
  const n = contentLength(f.contentLength);
  if (n === null) return { kind: 'close' };
  return n === 0 ? { kind: 'none' } : { kind: 'length', length: n };
}

/** Whether the connection ends after this message (HTTP/1.0 without keep-alive, or `Connection: close`). */
export function closesAfter(version: string, connection: string | undefined): boolean {
  if (connection !== undefined) {
    const tokens = connection.split(',').map((t) => t.trim());
    if (tokens.includes('close')) return true;
    if (tokens.includes('keep-alive')) return false;
  }
  return version === 'HTTP/1.0';
}

enum ChunkState {
  Size,
  Data,
  DataEnd,
  Trailer,
}

/**
 * Finds the end of a chunked body across any number of reads, handing the decoded data to `onData`.
 * `feed` returns the offset just past the body's last byte within `buf`, or -1 when it needs more.
 */
export class ChunkedScanner {
  private state = ChunkState.Size;
  private line = '';
  private remaining = 0;
  /** Set when the chunk syntax is broken (the body's end can no longer be found). */
  error: string | null = null;

  feed(buf: Buffer, start: number, onData: (data: Buffer) => void): number {
    let i = start;
    const n = buf.length;
    while (i < n) {
      switch (this.state) {
        case ChunkState.Size:
        case ChunkState.Trailer: {
          const nl = buf.indexOf(10, i);
          const stop = nl < 0 ? n : nl;
          this.line += buf.toString('latin1', i, stop);
          if (this.line.length > 8192) {
            this.error = 'chunk size or trailer line too long';
            return -1;
          }
          if (nl < 0) return -1;
          i = nl + 1;
          const line = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
          this.line = '';
          if (this.state === ChunkState.Trailer) {
            if (line === '') {
              this.state = ChunkState.Size;
              return i;
            }
            continue;
          }
          const semi = line.indexOf(';');
          const hex = (semi < 0 ? line : line.slice(0, semi)).trim();
          if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) {
            this.error = `bad chunk size '${hex}'`;
            return -1;
          }
          const size = Number.parseInt(hex, 16);
          if (size === 0) this.state = ChunkState.Trailer;
          else {
            this.remaining = size;
            this.state = ChunkState.Data;
          }
          break;
        }
        case ChunkState.Data: {
          const take = Math.min(this.remaining, n - i);
          onData(buf.subarray(i, i + take));
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) {
            this.state = ChunkState.DataEnd;
            this.remaining = 2;
          }
          break;
        }
        case ChunkState.DataEnd: {
          // The CRLF after a chunk's data.
          const take = Math.min(this.remaining, n - i);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = ChunkState.Size;
          break;
        }
      }
    }
    return -1;
  }
}

/** Header lines of a head (as received) as a flat record: lower-case names, repeats joined with `, `. */
export function headerRecord(head: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = head.indexOf('\r\n');
  if (i < 0) return out;
  i += 2;
  const n = head.length;
  while (i < n) {
    let end = head.indexOf('\r\n', i);
    if (end < 0) end = n;
    const colon = head.indexOf(':', i);
    if (colon > i && colon < end) {
      const name = head.slice(i, colon).toLowerCase();
      let v = colon + 1;
      while (v < end && (head.charCodeAt(v) === 32 || head.charCodeAt(v) === 9)) v++;
      let e = end;
      while (e > v && (head.charCodeAt(e - 1) === 32 || head.charCodeAt(e - 1) === 9)) e--;
      const value = head.slice(v, e);
      const prev = out[name];
      out[name] = prev === undefined ? value : `${prev}, ${value}`;
    }
    i = end + 2;
  }
  return out;
}
