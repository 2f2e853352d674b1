// Reading the config file from disk (the one I/O of config/); parsing and validation live in load.ts.
import { readFileSync } from 'node:fs';
import { DriftgateError } from '../core/errors.js';
import { type Env, parseConfig } from './load.js';
import type { Config } from './schema.js';

/** Reads and validates a config file. Missing file: `io.not_found`; unreadable: `io.read_failed`. */
export function readConfigFile(path: string, env: Env): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'io.not_found' : 'io.read_failed';
    throw new DriftgateError(code, `cannot read the config file: ${(e as Error).message}`, { file: path });
  }
  return parseConfig(text, { file: path, env });
}
