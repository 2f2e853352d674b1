// Reads a small UTF-8 text file (ignore files), turning file-system failures into DriftgateErrors.
import { readFile } from 'node:fs/promises';
import { DriftgateError } from '../core/errors.js';

export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DriftgateError('io.not_found', 'no such file', { file: path });
    if (code === 'EISDIR')
      throw new DriftgateError('io.read_failed', 'is a directory, not a file', { file: path });
    throw new DriftgateError('io.read_failed', (e as Error).message, { file: path });
  }
}
