// docs/diff-checks.md lists exactly the catalog (regenerate with `npx tsx test/diff/gen-docs.ts`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CHECK_IDS, CHECKS } from '../../src/core/diff/index.js';
import { normalizeTables, renderChecksDoc } from './checks-doc.js';

test('docs/diff-checks.md is in sync with the check catalog', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/diff-checks.md'), 'utf8');
  expect(normalizeTables(doc)).toBe(normalizeTables(renderChecksDoc()));
  for (const id of CHECK_IDS) expect(doc).toContain(`\`${id}\``);
});

test('every check id is kebab-case and has a message', () => {
  for (const id of CHECK_IDS) {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(CHECKS[id].message.length).toBeGreaterThan(5);
  }
});
