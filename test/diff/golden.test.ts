// Golden cases: test/golden/diff/<case>/{base.yaml, revision.yaml, options.json?, expected.json}. Each
// expected.json is the exact DiffResult. UPDATE_GOLDEN=1 rewrites them (then review every one by hand).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../src/adapters/spec-source.js';
import { CHECK_IDS, type DiffOptions, diffSpecs } from '../../src/core/diff/index.js';

const ROOT = join(import.meta.dirname, '../golden/diff');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const seen = new Set<string>();

describe('diff golden cases', () => {
  test.each(cases)('%s', async (name) => {
    const dir = join(ROOT, name);
    const optionsFile = join(dir, 'options.json');
    const options: DiffOptions = existsSync(optionsFile)
      ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as DiffOptions)
      : { today: '2026-01-01' };
    const [base, revision] = await Promise.all([
      loadSpec(join(dir, 'base.yaml')),
      loadSpec(join(dir, 'revision.yaml')),
    ]);
    const result = diffSpecs(base, revision, options);
    for (const c of result.changes) seen.add(c.id);
    const actual = `${JSON.stringify(result, null, 2)}\n`;
    const expectedFile = join(dir, 'expected.json');
    if (UPDATE) writeFileSync(expectedFile, actual);
    expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
  });

  test('coverage of the check catalog', () => {
    const missing = CHECK_IDS.filter((id) => !seen.has(id));
    console.log(
      `golden cases cover ${CHECK_IDS.length - missing.length}/${CHECK_IDS.length} check ids; not covered: ${missing.join(', ')}`,
    );
    expect(seen.size).toBeGreaterThan(0);
  });
});
