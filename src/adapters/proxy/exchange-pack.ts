// Exchange bytes packed back to back into one buffer, so a batch crosses to the recorder thread as one
// transferred ArrayBuffer instead of a structured clone of many small objects (the proxy's side of the
// copy is a memcpy per field). Layout per exchange: seq f64, at f64, status u16, then method, url, request
// head, request body, response head, response body, each a u32 length (NULL_LEN: absent; TRUNCATED:
// over the recording limit) and its bytes; strings are latin1, as heads arrive on the wire.
import type { ExchangeBytes } from './recording-proxy.js';

const NULL_LEN = 0xffffffff;
const TRUNCATED = 0xfffffffe;

export class ExchangePacker {
  private buf = Buffer.allocUnsafe(256 * 1024);
  private off = 0;
  count = 0;

  add(e: ExchangeBytes): void {
    this.reserve(
      18 +
        24 +
        e.method.length +
        e.url.length +
        e.reqHead.length +
        e.resHead.length +
        (e.reqBody?.length ?? 0) +
        (e.resBody?.length ?? 0),
    );
    this.off = this.buf.writeDoubleLE(e.seq, this.off);
    this.off = this.buf.writeDoubleLE(e.at, this.off);
    this.off = this.buf.writeUInt16LE(e.status, this.off);
    this.text(e.method);
    this.text(e.url);
    this.text(e.reqHead);
    this.bytes(e.reqBody, e.reqTruncated);
    this.text(e.resHead);
    this.bytes(e.resBody, e.resTruncated);
    this.count++;
  }

  /** The packed batch as its own ArrayBuffer (to transfer); the packer starts again. */
  take(): { readonly buffer: ArrayBuffer; readonly count: number } {
    const buffer = new ArrayBuffer(this.off);
    new Uint8Array(buffer).set(this.buf.subarray(0, this.off));
    const count = this.count;
    this.off = 0;
    this.count = 0;
    return { buffer, count };
  }

  private reserve(n: number): void {
    if (this.off + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.off + n));
    this.buf.copy(next, 0, 0, this.off);
    this.buf = next;
  }

  private text(s: string): void {
    this.off = this.buf.writeUInt32LE(s.length, this.off);
    this.off += this.buf.write(s, this.off, 'latin1');
  }

  private bytes(b: Uint8Array | null, truncated: boolean): void {
    if (truncated || b === null) {
      this.off = this.buf.writeUInt32LE(truncated ? TRUNCATED : NULL_LEN, this.off);
      return;
    }
    this.off = this.buf.writeUInt32LE(b.length, this.off);
    this.buf.set(b, this.off);
    this.off += b.length;
  }
}

/** The exchanges of a packed batch (bodies are views into `buffer`, not copies). */
export function unpackExchanges(buffer: ArrayBuffer, count: number): ExchangeBytes[] {
  const buf = Buffer.from(buffer);
  const out: ExchangeBytes[] = [];
  let off = 0;
  const text = (): string => {
    const n = buf.readUInt32LE(off);
    off += 4;
    const s = buf.toString('latin1', off, off + n);
    off += n;
    return s;
  };
  const bytes = (): { body: Uint8Array | null; truncated: boolean } => {
    const n = buf.readUInt32LE(off);
    off += 4;
    if (n === NULL_LEN || n === TRUNCATED) return { body: null, truncated: n === TRUNCATED };
    const body = buf.subarray(off, off + n);
    off += n;
    return { body, truncated: false };
  };
  for (let i = 0; i < count; i++) {
    const seq = buf.readDoubleLE(off);
    const at = buf.readDoubleLE(off + 8);
    const status = buf.readUInt16LE(off + 16);
    off += 18;
    const method = text();
    const url = text();
    const reqHead = text();
    const req = bytes();
    const resHead = text();
    const res = bytes();
    out.push({
      seq,
      at,
      method,
      url,
      reqHead,
      reqBody: req.body,
      reqTruncated: req.truncated,
      status,
      resHead,
      resBody: res.body,
      resTruncated: res.truncated,
    });
  }
  return out;
}
