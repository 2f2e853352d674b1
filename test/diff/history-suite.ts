// Shared by history.test.ts and history-stripe.test.ts (split so vitest runs them in parallel).
// Real histories (../shared/corpus/history/{stripe,github,twilio}): every consecutive version pair and the
// first-to-last pair (years apart) diff without an error and give byte-identical JSON twice. Each file is
// parsed once; at most three documents are held at a time.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../src/adapters/spec-source.js';
import { diffSpecs } from '../../src/core/diff/index.js';
import type { ApiDocument } from '../../src/core/openapi/index.js';

const HISTORY = join(import.meta.dirname, '../../../shared/corpus/history');
const OPTIONS = { today: '2026-01-01' };

function versions(api: string): string[] {
  return readdirSync(join(HISTORY, api))
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .sort();
}

function diffTwice(base: ApiDocument, revision: ApiDocument): string {
  const first = JSON.stringify(diffSpecs(base, revision, OPTIONS));
  const second = JSON.stringify(diffSpecs(base, revision, OPTIONS));
  expect(second).toBe(first);
  return first;
}

export function historySuite(apis: readonly string[]): void {
  describe.each(apis)('%s history', (api) => {
    test('consecutive and years-apart pairs diff deterministically', async () => {
      const files = versions(api);
      expect(files.length).toBeGreaterThan(2);
      const first = await loadSpec(join(HISTORY, api, files[0]!));
      let prev = first;
      const counts: string[] = [];
      for (const file of files.slice(1)) {
        const next = await loadSpec(join(HISTORY, api, file));
        const result = JSON.parse(diffTwice(prev, next)) as { changes: unknown[] };
        counts.push(`${file}: ${result.changes.length}`);
        prev = next;
      }
      const apart = JSON.parse(diffTwice(first, prev)) as { changes: unknown[] };
      counts.push(`${files[0]} -> ${files[files.length - 1]}: ${apart.changes.length}`);
      console.log(`${api}: changes per pair\n  ${counts.join('\n  ')}`);
      // Identity: a version against itself has no changes.
      expect(diffSpecs(prev, prev, OPTIONS).changes).toEqual([]);
    }, 300_000);
  });
}
