// Golden cases for the traffic analyzer: test/traffic/golden/<case>/{spec.yaml, exchanges.jsonl, expected.json}.
// Each case runs the real pipeline (spec loader, streaming reader, analyzeTraffic, JSON presenter) and must
// produce exactly expected.json. Regenerate after a deliberate change: UPDATE_GOLDEN=1 npx vitest run test/traffic
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/adapters/spec-source.js';
import { readTraffic } from '../../src/adapters/traffic/read-traffic.js';
import { analyzeTraffic } from '../../src/app/analyze-traffic.js';
import { analysisToJson } from '../../src/render/analyze-json.js';

const ROOT = new URL('./golden/', import.meta.url).pathname;
const cases = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'exchanges.jsonl')));

describe('traffic golden cases', () => {
  it('covers every traffic mismatch type', () => {
    const seen = new Set<string>();
    for (const c of cases) {
      const expected = JSON.parse(readFileSync(join(ROOT, c, 'expected.json'), 'utf8')) as {
        mismatches: { type: string }[];
      };
      for (const m of expected.mismatches) seen.add(m.type);
    }
    expect([...seen].sort()).toEqual(
      [
        'constraint_violation',
        'enum_violation',
        'format_mismatch',
        'header_mismatch',
        'method_not_allowed',
        'missing_required_field',
        'nullability_violation',
        'path_param_mismatch',
        'query_param_mismatch',
        'type_mismatch',
        'undocumented_content_type',
        'undocumented_status',
        'unexpected_field',
        'unknown_endpoint',
      ].sort(),
    );
  });

  for (const c of cases) {
    it(c, async () => {
      const dir = join(ROOT, c);
      const specFile = ['spec.yaml', 'spec.json'].map((f) => join(dir, f)).find((f) => existsSync(f))!;
      const spec = await loadSpec(specFile);
      const malformed: string[] = [];
      const result = await analyzeTraffic(
        spec,
        readTraffic([join(dir, 'exchanges.jsonl')], {
          onMalformed: (m) => malformed.push(`${m.line}: ${m.message}`),
        }),
        // Corrections have their own tests (src/core/traffic/corrections*.test.ts); here: the analyzer.
        { malformed: () => malformed.length, proposeCorrections: false },
      );
      const actual = { ...(analysisToJson(result) as object), malformed_records: malformed };
      const file = join(dir, 'expected.json');
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    });
  }
});
