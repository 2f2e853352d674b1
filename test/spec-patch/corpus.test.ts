// applyPatchToText over every YAML/JSON spec in the oasdiff corpus (real files, varied styles): adding a
// member to `info` and a property to the first schema with properties gives exactly the patched value,
// and the output is the original text with lines inserted — every original line kept, in order
// (a JSON line may gain its trailing comma, a YAML flow collection its new member).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/core/openapi/parse.js';
import { applyPatch, applyPatchToText } from '../../src/core/spec-patch/index.js';
import type { PatchOperation } from '../../src/core/traffic/mismatch.js';

const dir = new URL('../../../shared/corpus/oasdiff/data/', import.meta.url).pathname;

function isSubsequence(small: readonly string[], big: readonly string[]): boolean {
  let j = 0;
  for (const line of big) if (j < small.length && line === small[j]) j++;
  return j === small.length;
}

function patchFor(doc: Record<string, unknown>): PatchOperation[] {
  const ops: PatchOperation[] = [];
  if (typeof doc.info === 'object' && doc.info !== null && !Array.isArray(doc.info)) {
    ops.push({ op: 'add', path: '/info/x-driftgate-test', value: { a: [1, 'two'], b: null } });
  }
  const schemas = (doc.components as { schemas?: Record<string, unknown> } | undefined)?.schemas;
  if (schemas && typeof schemas === 'object') {
    for (const [name, s] of Object.entries(schemas)) {
      const props = (s as { properties?: unknown } | null)?.properties;
      if (props && typeof props === 'object' && !Array.isArray(props) && Object.keys(props).length > 0) {
        const at = `/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        ops.push({
          op: 'add',
          path: `${at}/properties/zz_added`,
          value: { type: 'string', format: 'date-time' },
        });
        break;
      }
    }
  }
  return ops;
}

describe('applyPatchToText on the oasdiff corpus', () => {
  it('every parseable spec: exact value, original lines kept in order, one pass', () => {
    let files = 0;
    let patched = 0;
    const notOnePass: string[] = [];
    const failures: string[] = [];
    // Every other file: the corpus is mostly base/revision pairs of near-identical documents.
    const all = (readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .sort();
    for (const f of all.filter((_, i) => i % 2 === 0)) {
      const text = readFileSync(dir + f, 'utf8');
      let doc: unknown;
      try {
        doc = parseSpecText(text, f);
      } catch {
        continue;
      }
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) continue;
      files++;
      const patch = patchFor(doc as Record<string, unknown>);
      if (patch.length === 0) continue;
      patched++;
      try {
        const out = applyPatchToText(text, patch, { uri: f });
        expect(out.value).toEqual(applyPatch(doc, patch));
        if (out.strategy !== 'one-pass') notOnePass.push(f);
        // JSON: the last member before an insertion gains a comma; YAML: a flow map/sequence gains the
        // member on its own line. Everything else must be byte-identical and in order.
        const json = out.format === 'json';
        const norm = (l: string) => (json ? l.replace(/\r$/, '').replace(/,$/, '') : l.replace(/\r$/, ''));
        const keep = text
          .split('\n')
          .filter((l) => l.trim() !== '' && (json || !/[{[]/.test(l)))
          .map(norm);
        const got = out.text.split('\n').map(norm);
        if (!isSubsequence(keep, got)) failures.push(`${f}: an original line changed`);
      } catch (e) {
        failures.push(`${f}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(files).toBeGreaterThan(300);
    expect(patched).toBeGreaterThan(300);
    console.log(
      `spec-patch corpus: ${files} specs, ${patched} patched, ${notOnePass.length} not in one pass: ${notOnePass.join(', ')}`,
    );
  });
});
