// The acceptance loop for corrections: analyse traffic against a spec, apply every proposed patch to the
// spec TEXT, reload the patched text, analyse the same traffic again, and compare what is left.
import { readFile } from 'node:fs/promises';
import { loadSpecText } from '../../src/adapters/spec-source.js';
import { readTraffic } from '../../src/adapters/traffic/read-traffic.js';
import { analyzeTraffic, type TrafficAnalysis } from '../../src/app/analyze-traffic.js';
import { applyPatchToText, type TextPatchResult } from '../../src/core/spec-patch/index.js';
import { mismatchKey } from '../../src/core/traffic/aggregate.js';
import { type CorrectionOptions, proposeCorrections } from '../../src/core/traffic/corrections.js';
import type { Mismatch } from '../../src/core/traffic/mismatch.js';

/** A mismatch as the message shows it (type, operation, status, message location): stable across spec edits. */
export function messageIdentity(m: Mismatch): string {
  return `${m.type} ${m.method ?? '-'} ${m.path ?? '-'} ${m.status ?? '-'} ${m.location}`;
}

export interface RoundTrip {
  readonly before: TrafficAnalysis;
  readonly after: TrafficAnalysis;
  readonly patched: TextPatchResult;
  readonly originalText: string;
  /** Identities the corrections target. */
  readonly targeted: string[];
  /** Targeted identities still reported after the patch. */
  readonly remaining: string[];
  /** Identities reported after the patch that were not reported before. */
  readonly introduced: string[];
}

export async function roundTrip(
  specPath: string,
  trafficPaths: readonly string[],
  options: CorrectionOptions = {},
): Promise<RoundTrip> {
  const originalText = await readFile(specPath, 'utf8');
  const run = (text: string) =>
    analyzeTraffic(loadSpecText(text, specPath), readTraffic(trafficPaths), {
      proposeCorrections: (spec, mismatches, evidence) =>
        proposeCorrections(spec, mismatches, { ...evidence, ...options }),
    });
  const before = await run(originalText);
  const patched = applyPatchToText(
    originalText,
    before.corrections.flatMap((c) => c.patch),
    { uri: specPath },
  );
  const after = await run(patched.text);
  const byKey = new Map(before.mismatches.map((m) => [mismatchKey(m), messageIdentity(m)]));
  const targeted = [
    ...new Set(before.corrections.flatMap((c) => c.targets.map((k) => byKey.get(k) ?? k))),
  ].sort();
  const beforeIds = new Set(before.mismatches.map(messageIdentity));
  const afterIds = new Set(after.mismatches.map(messageIdentity));
  return {
    before,
    after,
    patched,
    originalText,
    targeted,
    remaining: targeted.filter((t) => afterIds.has(t)),
    introduced: [...afterIds].filter((t) => !beforeIds.has(t)).sort(),
  };
}
