import { describe, expect, it } from 'vitest';
import { branchSlug, prBranchName, slugify } from './branch.js';
import { fingerprintSet } from './fingerprint-set.js';
import { branchNameProblem } from './refname.js';

describe('slugify', () => {
  it.each([
    ['POST /api/users', 'post-api-users'],
    ['GET /users/{id}/pets.json', 'get-users-id-pets-json'],
    ['DELETE /Ümlaut/../x', 'delete-umlaut-x'],
    ['  ', ''],
  ])('%s -> %s', (text, slug) => expect(slugify(text)).toBe(slug));

  it('cuts at a word boundary', () => {
    expect(slugify('get /aaaa/bbbb/cccc', 12)).toBe('get-aaaa');
    expect(slugify('abcdefghijklmnop', 5)).toBe('abcde');
  });
});

describe('prBranchName', () => {
  const set = fingerprintSet(['inc_b', 'inc_a', 'inc_a']);

  it('is <prefix>/<slug>-<short fingerprint>', () => {
    expect(set.fingerprints).toEqual(['inc_a', 'inc_b']);
    expect(prBranchName('driftgate/drift-fix', { operations: ['POST /api/users'] }, set.hash)).toBe(
      `driftgate/drift-fix/post-api-users-${set.hash.slice(0, 8)}`,
    );
    expect(branchSlug({ operations: ['GET /a', 'POST /b', 'GET /a'] })).toBe('2-endpoints');
  });

  it('is the same for the same set in any order', () => {
    expect(fingerprintSet(['x', 'y']).hash).toBe(fingerprintSet(['y', 'x']).hash);
    expect(fingerprintSet(['x', 'y']).hash).not.toBe(fingerprintSet(['x']).hash);
  });

  it('refuses a prefix git would refuse, naming the config key', () => {
    expect(() => prBranchName('bad..prefix', { operations: ['GET /'] }, set.hash)).toThrow(
      /branch_prefix "bad\.\.prefix".*contains '\.\.'/,
    );
    expect(() => prBranchName('-x', { operations: ['GET /'] }, set.hash)).toThrow(/starts with '-'/);
  });

  it('accepts the seed prefix and trims slashes', () => {
    expect(prBranchName('/mockforge/drift-fix/', { operations: ['GET /'] }, set.hash)).toMatch(
      /^mockforge\/drift-fix\/get-[0-9a-f]{8}$/,
    );
  });
});

describe('branchNameProblem', () => {
  it.each([
    ['a/b', null],
    ['a/.b', "component '.b' starts with '.'"],
    ['a/b.lock', "component 'b.lock' ends with '.lock'"],
    ['a b', "contains ' '"],
    ['a@{b', "contains '@{'"],
    ['@', "is the single character '@'"],
    ['a//b', "contains '//'"],
    ['a.', "ends with '.'"],
    ['a\\b', "contains '\\'"],
    ['a\u0001', 'contains a control character'],
  ])('%j', (name, problem) => expect(branchNameProblem(name)).toBe(problem));
});
