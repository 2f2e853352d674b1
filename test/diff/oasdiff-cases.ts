// Runs the labeled oasdiff cases (../shared/corpus/oasdiff/cases.public.jsonl) against diffSpecs the way
// ../shared/corpus/README.md says: scope, min_level, exhaustive, absent, config_notes honored or skipped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec } from '../../src/adapters/spec-source.js';
import { CHECKS, type CheckId, type DiffOptions, diffSpecs } from '../../src/core/diff/index.js';
import type { Level } from '../../src/core/findings.js';

export const OASDIFF_DIR = join(import.meta.dirname, '../../../shared/corpus/oasdiff');

export interface OasdiffCase {
  id: string;
  base: string;
  revision: string;
  expected: { check: string; level: 'ERR' | 'WARN' | 'INFO' }[];
  absent: string[];
  exhaustive: boolean;
  scope: string;
  scope_check_ids?: string[];
  min_level: 'ERR' | 'WARN' | 'INFO';
  config_notes: string[];
}

export type Verdict =
  | { status: 'pass' }
  | { status: 'fail'; reason: string }
  | { status: 'skip'; reason: string };

const RANK = { INFO: 0, WARN: 1, ERR: 2 } as const;
const OASDIFF_LEVEL = {
  breaking: 'ERR',
  potentially_breaking: 'WARN',
  non_breaking: 'INFO',
} as const satisfies Record<Level, keyof typeof RANK>;

/** "Today" for the date-dependent checks: the day the labels were made against is not recorded, so a fixed one. */
export const CASE_TODAY = '2026-01-01';

export function readCases(): OasdiffCase[] {
  return readFileSync(join(OASDIFF_DIR, 'cases.public.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as OasdiffCase);
}

/** Options for a case, or a reason to skip it when it needs something driftgate does not have. */
export function caseOptions(c: OasdiffCase): DiffOptions | { skip: string } {
  let options: DiffOptions = { today: CASE_TODAY };
  // checker/ignore_test.go filters the findings through an oasdiff ignore file; the engine has no ignore
  // step (the CLI applies --ignore), so the labels do not describe the engine's output.
  if (c.id.startsWith('ignore/'))
    return { skip: 'exercises oasdiff ignore-file filtering, applied by the CLI' };
  for (const note of c.config_notes) {
    const dep = /WithDeprecation\((\d+),\s*(\d+)\)/.exec(note);
    if (dep) {
      options = { ...options, deprecationDaysBeta: Number(dep[1]), deprecationDaysStable: Number(dep[2]) };
      continue;
    }
    if (note.includes('withoutVersioningPolicy')) continue; // driftgate has no version-bump policy checks
    if (note.includes('were not read')) continue;
    if (note.includes('WithAttributes'))
      return { skip: 'attribute grouping (WithAttributes) is an oasdiff output option' };
    if (note.includes('StabilityLevel'))
      return { skip: 'stability-level thresholds (x-stability-level filtering) are not implemented' };
    return { skip: `config not supported: ${note}` };
  }
  return options;
}

export async function runCase(c: OasdiffCase): Promise<Verdict> {
  const options = caseOptions(c);
  if ('skip' in options) return { status: 'skip', reason: options.skip };
  let result: ReturnType<typeof diffSpecs>;
  try {
    const [base, revision] = await Promise.all([
      loadSpec(join(OASDIFF_DIR, c.base)),
      loadSpec(join(OASDIFF_DIR, c.revision)),
    ]);
    result = diffSpecs(base, revision, options);
  } catch (e) {
    return { status: 'fail', reason: `error: ${(e as Error).message}` };
  }
  const inScope = (id: string) =>
    c.scope === 'all' || c.scope_check_ids === undefined || c.scope_check_ids.includes(id);
  const ours = result.changes
    .filter((ch) => CHECKS[ch.id as CheckId]?.oasdiff === true)
    .map((ch) => ({ check: ch.id, level: OASDIFF_LEVEL[ch.level] }));
  const judged = ours.filter((o) => inScope(o.check) && RANK[o.level] >= RANK[c.min_level]);
  const problems: string[] = [];
  for (const e of c.expected) {
    const hit = ours.find((o) => o.check === e.check);
    if (hit === undefined) problems.push(`missing ${e.check}`);
    else if (hit.level !== e.level) problems.push(`${e.check} at ${hit.level}, expected ${e.level}`);
  }
  for (const a of c.absent) if (ours.some((o) => o.check === a)) problems.push(`unexpected ${a}`);
  if (c.exhaustive) {
    const want = new Set(c.expected.map((e) => e.check));
    for (const id of new Set(judged.map((o) => o.check))) if (!want.has(id)) problems.push(`extra ${id}`);
  }
  return problems.length === 0 ? { status: 'pass' } : { status: 'fail', reason: problems.join('; ') };
}

/** Case ids docs/oasdiff-disagreements.md argues oasdiff is wrong about (listed as `- \`case/id\``). */
export function documentedDisagreements(): Set<string> {
  const text = readFileSync(join(import.meta.dirname, '../../docs/oasdiff-disagreements.md'), 'utf8');
  return new Set([...text.matchAll(/^#{2,3} `([^`]+)`/gm)].map((m) => m[1]!));
}
