// The PR branch: `<branch_prefix>/<slug>-<short fingerprint>`. The same fingerprint set always gives the
// same branch, so a re-run finds (and updates) the branch it pushed before.
import { DriftgateError } from '../errors.js';
import { branchNameProblem } from './refname.js';

/** Lower-case ASCII words joined by '-', at most `max` characters, cut at a word boundary. */
export function slugify(text: string, max = 48): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  let out = '';
  for (const w of words) {
    const next = out === '' ? w : `${out}-${w}`;
    if (next.length > max) {
      if (out === '') out = w.slice(0, max);
      break;
    }
    out = next;
  }
  return out;
}

/** The operations a PR covers, as `METHOD /template`. */
export interface BranchSubject {
  readonly operations: readonly string[];
}

/** `post-api-users` for one operation, `3-endpoints` for several. */
export function branchSlug(subject: BranchSubject): string {
  const ops = [...new Set(subject.operations)];
  if (ops.length === 1) return slugify(ops[0]!) || 'drift';
  return `${ops.length}-endpoints`;
}

/**
 * `<prefix>/<slug>-<first 8 of the set hash>`. Throws 'config.invalid' (pointing at
 * drift_budget.gitops.branch_prefix) when the prefix makes a name git refuses.
 */
export function prBranchName(prefix: string, subject: BranchSubject, setHash: string): string {
  const cleanPrefix = prefix.replace(/^\/+|\/+$/g, '');
  const leaf = `${branchSlug(subject)}-${setHash.slice(0, 8)}`;
  const name = cleanPrefix === '' ? leaf : `${cleanPrefix}/${leaf}`;
  const problem = branchNameProblem(name);
  if (problem !== null) {
    throw new DriftgateError(
      'config.invalid',
      `branch_prefix ${JSON.stringify(prefix)} gives the branch name ${JSON.stringify(name)}, which git refuses: it ${problem}`,
      { pointer: 'drift_budget.gitops.branch_prefix' },
    );
  }
  return name;
}
