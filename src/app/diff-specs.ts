// Use case behind `driftgate diff` and the library's `diffSpecFiles`: load two contracts, diff them, and
// drop what the ignore file names. Reading is a dependency (SpecFiles), so this stays testable and layered.

import { applyIgnore, type IgnoreRule, parseIgnoreFile } from '../core/diff/ignore.js';
import { diffSpecs } from '../core/diff/index.js';
import type { DiffOptions, DiffResult } from '../core/diff/result.js';
import type { Change } from '../core/findings.js';
import type { ApiDocument } from '../core/openapi/index.js';

/** How the use case reads its inputs (the CLI and the library bind src/adapters). */
export interface SpecFiles {
  /** Loads a contract from a path, or stdin for `-`. */
  loadSpec(source: string): Promise<ApiDocument>;
  /** Reads a small text file (the ignore file). */
  readText(path: string): Promise<string>;
}

export interface DiffSpecFilesOptions extends DiffOptions {
  /** Path of an ignore file (driftgate's or oasdiff's format, docs/ignore-file.md). */
  readonly ignore?: string;
}

export interface DiffSpecFilesResult {
  /** The diff with ignored changes removed and the summary recounted. */
  readonly result: DiffResult;
  readonly ignored: readonly Change[];
  /** Ignore lines that matched nothing. */
  readonly unusedIgnoreRules: readonly IgnoreRule[];
}

export async function diffSpecFilesWith(
  files: SpecFiles,
  basePath: string,
  revisionPath: string,
  options: DiffSpecFilesOptions,
): Promise<DiffSpecFilesResult> {
  // The ignore file first: a typo in its path should not wait for two big specs to load.
  const rules =
    options.ignore === undefined ? [] : parseIgnoreFile(await files.readText(options.ignore), options.ignore);
  const base = await files.loadSpec(basePath);
  const revision = await files.loadSpec(revisionPath);
  const diffOptions: DiffOptions = {
    today: options.today,
    ...(options.deprecationDaysStable !== undefined
      ? { deprecationDaysStable: options.deprecationDaysStable }
      : {}),
    ...(options.deprecationDaysBeta !== undefined
      ? { deprecationDaysBeta: options.deprecationDaysBeta }
      : {}),
  };
  const outcome = applyIgnore(diffSpecs(base, revision, diffOptions), rules);
  return { result: outcome.result, ignored: outcome.ignored, unusedIgnoreRules: outcome.unused };
}
