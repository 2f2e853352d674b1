// The real traffic in ../shared/corpus/traffic: GitHub recordings against GitHub's description, Stripe's
// fixture exchanges against Stripe's spec, Optic's capture HARs. Exact counts per mismatch type per source,
// so a regression (a new false positive, a lost finding) shows; and per-exchange agreement with the corpus'
// reference verdicts. docs/corpus-traffic-findings.md explains every finding.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/adapters/spec-source.js';
import { readTraffic } from '../../src/adapters/traffic/read-traffic.js';
import { analyzeExchange, createTrafficAnalyzer, MismatchAggregator } from '../../src/core/traffic/index.js';

const CORPUS = new URL('../../../shared/corpus/traffic/', import.meta.url).pathname;
const here = existsSync(CORPUS);

interface Run {
  readonly summary: { exchanges: number; matched: number; unmatched: number };
  readonly byType: Record<string, number>;
  /** Per exchange: 'unmatched' | 'invalid' (a mismatch other than unexpected_field) | 'valid'. */
  readonly verdicts: string[];
  readonly findings: string[];
}

async function run(spec: string, traffic: string): Promise<Run> {
  const doc = await loadSpec(CORPUS + spec);
  const analyzer = createTrafficAnalyzer(doc);
  const agg = new MismatchAggregator();
  const verdicts: string[] = [];
  let matched = 0;
  for await (const e of readTraffic([CORPUS + traffic])) {
    const r = analyzeExchange(analyzer, e);
    for (const m of r.mismatches) agg.add(m, e.id, e.timestamp);
    const unmatched = r.match.kind === 'unknown_endpoint' || r.match.kind === 'method_not_allowed';
    if (!unmatched) matched++;
    const invalid = r.mismatches.some((m) => m.type !== 'unexpected_field');
    verdicts.push(unmatched ? 'unmatched' : invalid ? 'invalid' : 'valid');
  }
  const result = agg.result();
  const byType: Record<string, number> = {};
  for (const m of result) byType[m.type] = (byType[m.type] ?? 0) + 1;
  return {
    summary: { exchanges: verdicts.length, matched, unmatched: verdicts.length - matched },
    byType,
    verdicts,
    findings: result.map(
      (m) => `${m.type} ${m.method ?? ''} ${m.path ?? m.observed} ${m.status ?? ''} ${m.location}`,
    ),
  };
}

function reference(file: string): string[] {
  return readFileSync(CORPUS + file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[6]!);
}

describe.skipIf(!here)('corpus traffic', () => {
  it('Stripe: 190 fixture exchanges against spec3.yaml', async () => {
    const r = await run('stripe/spec3.yaml', 'stripe/stripe-fixtures-get.har');
    expect(r.summary).toEqual({ exchanges: 190, matched: 190, unmatched: 0 });
    expect(r.byType).toEqual({ missing_required_field: 1, unexpected_field: 4 });
    // Reference: 189 valid, 1 invalid (treasury outbound payment); we agree on every exchange.
    expect(r.verdicts).toEqual(reference('stripe/reference_check.tsv'));
  });

  it('GitHub: 71 octokit recordings against api.github.com.json', async () => {
    const r = await run('github/api.github.com.json', 'github/octokit-fixtures.har');
    expect(r.summary).toEqual({ exchanges: 71, matched: 61, unmatched: 10 });
    expect(r.byType).toEqual({
      unknown_endpoint: 5,
      method_not_allowed: 1,
      undocumented_content_type: 2,
      unexpected_field: 15,
    });
    const ref = reference('github/reference_check.tsv').map((v) =>
      v === 'no-schema' || v === 'no-json-body' ? 'valid' : v,
    );
    const differ = r.verdicts.flatMap((v, i) =>
      v === ref[i] ? [] : [`${i}: ours ${v}, reference ${ref[i]}`],
    );
    // Entry 21: a raw README served as application/vnd.github.v3.raw, a media type the spec does not
    // document for GET /repos/{owner}/{repo}/contents/{path} (the reference only noted "body is not JSON").
    expect(differ).toEqual(['21: ours invalid, reference valid']);
  });

  it("Optic: the capture HAR finds what Optic's own report expects", async () => {
    const r = await run('optic/capture/har/openapi.yml', 'optic/capture/har/har.har');
    expect(r.summary).toEqual({ exchanges: 10, matched: 2, unmatched: 8 });
    expect(r.byType).toEqual({
      unknown_endpoint: 5,
      method_not_allowed: 1,
      undocumented_status: 1,
      unexpected_field: 5,
    });
    expect(r.findings.filter((f) => f.startsWith('unexpected_field')).sort()).toEqual([
      'unexpected_field GET /books 200 /body/data',
      'unexpected_field GET /books 200 /body/has_more_data',
      'unexpected_field GET /books 200 /body/next',
      'unexpected_field POST /form  /body/name',
      'unexpected_field POST /form  /body/surname',
    ]);
  });

  it('Optic: server prefix /api stripped against an empty spec', async () => {
    const r = await run(
      'optic/update/prefix-server-spec/openapi.yml',
      'optic/update/prefix-server-spec/har.har',
    );
    // 8 requests; `/authors/<id>` and `/books/<id>` each aggregate into one `{id}` endpoint.
    expect(r.byType).toEqual({ unknown_endpoint: 6 });
    expect(r.findings.every((f) => !f.includes('/api/'))).toBe(true);
  });
});
