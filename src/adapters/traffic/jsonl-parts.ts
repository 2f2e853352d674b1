// Splits plain exchange-JSONL files into byte ranges that start and end at line starts, so worker threads
// can each stream their own part of a file. Only uncompressed JSONL splits: a gzip stream and a HAR document
// must be read from the beginning.
import { open, stat } from 'node:fs/promises';

export interface JsonlPart {
  /** Position in input order (merge order). */
  readonly index: number;
  readonly file: string;
  /** Index of the file in the input list. */
  readonly fileIndex: number;
  readonly start: number;
  readonly end: number;
}

/** Whether a file can be split: not gzip (by name or magic bytes), not HAR (by name or first bytes). */
export async function splittable(file: string): Promise<boolean> {
  const lower = file.toLowerCase();
  if (lower.endsWith('.gz') || lower.endsWith('.har')) return false;
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await fh.read(buf, 0, 64, 0);
    const head = buf.subarray(0, bytesRead);
    if (head[0] === 0x1f && head[1] === 0x8b) return false;
    if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return true;
    return !/^\uFEFF?\s*\{\s*"log"\s*:/.test(head.toString('utf8'));
  } finally {
    await fh.close();
  }
}

/** The first line start at or after `pos` (the file's size when no newline follows). */
async function lineStartFrom(
  fh: Awaited<ReturnType<typeof open>>,
  pos: number,
  size: number,
): Promise<number> {
  const buf = Buffer.alloc(64 * 1024);
  let at = pos;
  while (at < size) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, at);
    if (bytesRead === 0) break;
    const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
    if (nl >= 0) return at + nl + 1;
    at += bytesRead;
  }
  return size;
}

/** Parts of about `partBytes` each, cut after a newline, in input order. */
export async function planParts(files: readonly string[], partBytes: number): Promise<JsonlPart[]> {
  const parts: JsonlPart[] = [];
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    const file = files[fileIndex]!;
    const size = (await stat(file)).size;
    const fh = await open(file, 'r');
    try {
      let start = 0;
      while (start < size) {
        const end = start + partBytes >= size ? size : await lineStartFrom(fh, start + partBytes - 1, size);
        parts.push({ index: parts.length, file, fileIndex, start, end });
        start = end;
      }
    } finally {
      await fh.close();
    }
  }
  return parts;
}
