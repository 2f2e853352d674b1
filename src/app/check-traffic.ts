// The traffic-vs-spec input of a budget check: analyze recorded exchanges against the contract and turn
// each aggregated mismatch into one Finding (a missing field seen in 10,000 requests is one change).
import type { BreakingChangeRule } from '../core/budgets/classify.js';
import type { Finding } from '../core/findings.js';
import type { ApiDocument } from '../core/openapi/index.js';
import type { Exchange } from '../core/traffic/index.js';
import { mismatchToFinding } from '../core/traffic/index.js';
import { analyzeTraffic } from './analyze-traffic.js';
import type { OperationInfo } from './check-budgets.js';
import { describeOperations, operationsOf } from './check-specs.js';

export interface TrafficCheckInput {
  readonly findings: readonly Finding[];
  /** The contract's operations; the baseline for churn is the contract as it is (no earlier version). */
  readonly operations: readonly OperationInfo[];
  readonly exchanges: number;
  readonly unmatched: number;
}

export async function trafficCheckInput(
  spec: ApiDocument,
  exchanges: AsyncIterable<Exchange> | Iterable<Exchange>,
  rules: readonly BreakingChangeRule[],
): Promise<TrafficCheckInput> {
  const analysis = await analyzeTraffic(spec, exchanges, { rules });
  // The level is left to checkBudgets: it classifies with each operation's own severity_threshold.
  const findings = analysis.mismatches.map((m) => mismatchToFinding(m, m.count));
  return {
    findings,
    operations: describeOperations(null, spec, operationsOf(findings)),
    exchanges: analysis.summary.exchanges,
    unmatched: analysis.summary.unmatched,
  };
}
