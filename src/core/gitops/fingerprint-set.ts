// Identity of a PR: the set of drift fingerprints it fixes. One open PR per set (PullRequestStore.findOpen).
import { stableHash } from '../findings.js';

export interface FingerprintSet {
  /** Sorted, unique. */
  readonly fingerprints: readonly string[];
  /** 16 hex digits; the first 8 end the branch name. */
  readonly hash: string;
}

export function fingerprintSet(fingerprints: Iterable<string>): FingerprintSet {
  const sorted = [...new Set(fingerprints)].sort();
  return { fingerprints: sorted, hash: stableHash(['gitops-pr', ...sorted].join('\u0000')) };
}
