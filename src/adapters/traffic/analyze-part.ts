// One JSONL part analysed into its tally, the same on a worker thread (analyze-worker.ts) and on the thread
// that merges (parallel-analyze.ts), so a part's result does not depend on where it ran.
import { TrafficTally } from '../../app/analyze-traffic.js';
import { analyzeExchange, type TrafficAnalyzer } from '../../core/traffic/index.js';
import { type FromWorker, LINE_ID, MAX_MALFORMED } from './analyze-protocol.js';
import type { JsonlPart } from './jsonl-parts.js';
import { forEachJsonlRecord } from './read-traffic.js';

export type PartResult = Extract<FromWorker, { kind: 'part' }>;

export async function analyzePart(
  analyzer: TrafficAnalyzer,
  part: JsonlPart,
  maxSamples: number,
): Promise<PartResult> {
  const tally = new TrafficTally(maxSamples);
  const malformed: { line: number; message: string }[] = [];
  let malformedCount = 0;
  const lines = await forEachJsonlRecord(
    part.file,
    part.start,
    part.end,
    (line) => `${LINE_ID}${line}`,
    {
      onMalformed: (m) => {
        malformedCount++;
        if (malformed.length < MAX_MALFORMED) malformed.push({ line: m.line, message: m.message });
      },
    },
    (ex) => tally.add(ex, analyzeExchange(analyzer, ex)),
  );
  return { kind: 'part', index: part.index, tally: tally.snapshot(), lines, malformed, malformedCount };
}
