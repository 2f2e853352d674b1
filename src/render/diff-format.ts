// The `driftgate diff` output formats and the --fail-on gate: the catalog every renderer registers in,
// and the one definition of "a change at or above the threshold".
import type { Change, Level } from '../core/findings.js';
import { LEVEL_RANK } from '../core/findings.js';

export const DIFF_FORMATS = ['text', 'json', 'markdown', 'junit', 'sarif', 'github'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** `--fail-on` values: a level, or `never` (report only). */
export const FAIL_ON = ['breaking', 'potentially_breaking', 'non_breaking', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Whether `level` is at or above the `failOn` threshold (always false for `never`). */
export function failsGate(level: Level, failOn: FailOn): boolean {
  return failOn !== 'never' && LEVEL_RANK[level] >= LEVEL_RANK[failOn];
}

/** The changes that make `driftgate diff` exit 1. */
export function gatedChanges(changes: readonly Change[], failOn: FailOn): Change[] {
  return changes.filter((c) => failsGate(c.level, failOn));
}

/** What a renderer knows besides the result: the gate and the names of the inputs as the user gave them. */
export interface DiffRenderContext {
  readonly failOn: FailOn;
  /** Display names of the inputs (`<stdin>` for `-`). */
  readonly baseFile: string;
  readonly revisionFile: string;
  /** ANSI colour (text format only; the CLI sets it when stdout is a TTY). */
  readonly color?: boolean;
  /** How many changes the ignore file removed (shown by the human formats). */
  readonly ignored?: number;
  /** driftgate's version (SARIF `tool.driver.version`). */
  readonly toolVersion?: string;
  /** Markdown: list changes only up to about this many characters (GitHub comments hold 65,536). */
  readonly maxChars?: number;
  /** 1-based line of a JSON pointer in the base or revision file, when known (SARIF regions, GitHub annotations). */
  readonly lineOf?: (side: 'base' | 'revision', pointer: string) => number | undefined;
}

/** Human words for a level, used by the text, markdown and JUnit formats. */
export const LEVEL_LABEL = {
  breaking: 'breaking',
  potentially_breaking: 'potentially breaking',
  non_breaking: 'non-breaking',
} as const satisfies Record<Level, string>;

/** Levels from most to least breaking, the order every human format lists them in. */
export const LEVELS_DESC: readonly Level[] = ['breaking', 'potentially_breaking', 'non_breaking'];

/** `Title 1.2.3`, or the version alone when the title is empty. */
export function documentLabel(d: { readonly title: string; readonly version: string }): string {
  return [d.title, d.version].filter((s) => s !== '').join(' ') || '(untitled)';
}
