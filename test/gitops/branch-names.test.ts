// Every branch name driftgate derives is one git accepts: checked with the real `git check-ref-format
// --branch` on hostile operation names and random ones, and our own rule check agrees with git's verdict.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prBranchName } from '../../src/core/gitops/branch.js';
import { fingerprintSet } from '../../src/core/gitops/fingerprint-set.js';
import { branchNameProblem } from '../../src/core/gitops/refname.js';

function gitAccepts(name: string): boolean {
  // Outside any repository, so `@` is not expanded to the current branch.
  return (
    spawnSync('git', ['check-ref-format', '--branch', name], { encoding: 'utf8', cwd: tmpdir() }).status === 0
  );
}

const hash = fingerprintSet(['inc_1']).hash;

describe('branch names and git check-ref-format', () => {
  it.each([
    'POST /api/users',
    'GET /users/{id}/..',
    'GET /a/.lock/b.lock',
    'DELETE /~user/^x:y?z*[w]',
    'GET /@{-1}',
    'PUT /ünïcödé/名前',
    'GET /',
    'PATCH /' + 'very-long-segment/'.repeat(20),
  ])('%s', (operation) => {
    const name = prBranchName('driftgate/drift-fix', { operations: [operation] }, hash);
    expect(gitAccepts(name)).toBe(true);
    expect(name.startsWith('driftgate/drift-fix/')).toBe(true);
    expect(name.length).toBeLessThan(100);
  });

  it('accepts random operations (git decides)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 3 }), (operations) => {
        expect(gitAccepts(prBranchName('drift/fix', { operations }, hash))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  // (We also refuse a bare '@', which check-ref-format --branch passes but means HEAD to every git command.)
  it('judges names exactly as git does', () => {
    const samples = [
      'a/b',
      'a',
      '-a',
      'a..b',
      'a/.b',
      'a/b.lock',
      'a b',
      'a~b',
      'a^b',
      'a:b',
      'a?b',
      'a*b',
      'a[b',
      'a\\b',
      'a//b',
      '/a',
      'a/',
      'a.',
      'a@{b',
      'a@b',
      'HEAD',
      'x/HEAD',
      'a\tb',
      '.a',
      'a.lock/b',
      'ä/ö',
    ];
    for (const s of samples) expect([s, branchNameProblem(s) === null]).toEqual([s, gitAccepts(s)]);
  });
});
