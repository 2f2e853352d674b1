// The library entry: `diffSpecFiles` and `diffSpecs` + a renderer from the package index, as a user imports them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DriftgateError, diffSpecFiles, diffSpecs, loadSpec, renderDiffJson } from '../../src/index.js';

const F = 'test/fixtures/cli';

describe('library', () => {
  it('diffSpecFiles loads, diffs and ignores; renderDiffJson gives the CLI bytes', async () => {
    const out = await diffSpecFiles(`${F}/base.yaml`, `${F}/revision.yaml`, { today: '2026-11-24' });
    expect(renderDiffJson(out.result)).toBe(readFileSync(`${F}/golden/diff.json.golden`, 'utf8'));
    const ignored = await diffSpecFiles(`${F}/base.yaml`, `${F}/revision.yaml`, {
      today: '2026-11-24',
      ignore: `${F}/ignore-oasdiff.txt`,
    });
    expect(ignored.result.summary).toEqual({ breaking: 0, potentially_breaking: 0, non_breaking: 2 });
    expect(ignored.ignored.map((c) => c.operation)).toEqual(['GET /stores', 'POST /pets']);
    expect(ignored.unusedIgnoreRules.map((r) => r.line)).toEqual([6]);
  });

  it('diffSpecs works on loaded documents', async () => {
    const [a, b] = [await loadSpec(`${F}/base.yaml`), await loadSpec(`${F}/revision.yaml`)];
    expect(diffSpecs(a, b, { today: '2026-11-24' }).summary).toEqual({
      breaking: 2,
      potentially_breaking: 0,
      non_breaking: 2,
    });
  });

  it('throws DriftgateError with a location on bad input', async () => {
    await expect(
      diffSpecFiles(`${F}/nope.yaml`, `${F}/revision.yaml`, { today: '2026-11-24' }),
    ).rejects.toEqual(new DriftgateError('io.not_found', 'no such file', { file: `${F}/nope.yaml` }));
  });
});
