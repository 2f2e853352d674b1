// Aggregation: identical mismatches across exchanges (same type, operation, status, message location and
// spec location) become one record with a count, first/last seen and a few sample exchange ids. The level
// comes from the shared classifier (core/budgets), so `analyze` and the budget gate never disagree.
import { type BreakingChangeRule, classifyFinding } from '../budgets/classify.js';
import { BUILTIN_BUDGET, type EffectiveBudget } from '../budgets/types.js';
import { type Finding, LEVEL_RANK, type Level, SEVERITY_RANK } from '../findings.js';
import type { AggregatedMismatch, Mismatch } from './mismatch.js';

/**
 * Identity of a mismatch across exchanges; corrections name their targets by it. Besides type, operation,
 * status and both locations, the rule that failed (the keys of `expected`: `required`, `type`, `maxLength`)
 * keeps a missing parameter apart from a malformed one at the same location.
 */
export function mismatchKey(m: Mismatch): string {
  const rule =
    m.expected !== null && typeof m.expected === 'object' && !Array.isArray(m.expected)
      ? Object.keys(m.expected).join(',')
      : '';
  const parts = [
    m.type,
    m.method ?? '',
    m.path ?? '',
    m.status ?? '',
    m.location,
    m.specLocation ?? '',
    rule,
  ];
  // Unmatched requests have no template: the observed request line tells them apart.
  if (m.type === 'unknown_endpoint') parts.push(String(m.observed));
  return parts.join('\u0000');
}

/** The mismatch as the classifier, budgets and incidents see it. */
export function mismatchToFinding(m: Mismatch, count = 1): Finding {
  return {
    source: 'traffic',
    code: m.type,
    level: null,
    severity: m.severity,
    direction: m.direction,
    method: m.method,
    path: m.path,
    location: m.location,
    message: m.message,
    before: m.expected,
    after: m.observed,
    count,
    field: fieldOf(m),
  };
}

function fieldOf(m: Mismatch): string | null {
  if (m.type === 'undocumented_status') return `status:${m.status ?? ''}`;
  if (m.location.startsWith('/headers/')) return `header:${m.location.slice(9)}`;
  if (m.location.startsWith('/query/')) return `param:query:${m.location.slice(7)}`;
  if (m.location.startsWith('/path/')) return `param:path:${m.location.slice(6)}`;
  return m.specLocation === null ? null : `schema:${m.specLocation}`;
}

export interface ClassifyOptions {
  readonly rules?: readonly BreakingChangeRule[];
  readonly budget?: Pick<EffectiveBudget, 'severity_threshold'>;
}

export function levelOf(m: Mismatch, options: ClassifyOptions = {}): Level {
  return classifyFinding(mismatchToFinding(m), options.rules ?? [], options.budget ?? BUILTIN_BUDGET).level;
}

interface Slot {
  readonly first: Mismatch;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  readonly samples: string[];
  readonly observed: unknown[];
  readonly observedKeys: Set<string>;
  readonly bodies: NonNullable<Mismatch['body']>[];
  readonly bodyKeys: Set<string>;
}

/** Distinctness of samples is looked for in this many observations per mismatch, then no longer. */
const DISTINCT_BUDGET = 1000;

function sampleKey(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v) ?? 'undefined'}`;
}

/** Accumulates mismatches; memory grows with distinct mismatches, never with exchanges. */
export class MismatchAggregator {
  readonly #slots = new Map<string, Slot>();
  constructor(readonly maxSamples = 5) {}

  add(m: Mismatch, exchangeId: string, timestamp: string | undefined): void {
    const key = mismatchKey(m);
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = {
        first: m,
        count: 0,
        firstSeen: null,
        lastSeen: null,
        samples: [],
        observed: [],
        observedKeys: new Set(),
        bodies: [],
        bodyKeys: new Set(),
      };
      this.#slots.set(key, slot);
    }
    slot.count++;
    if (slot.count <= DISTINCT_BUDGET) {
      if (slot.observed.length < this.maxSamples) {
        const k = sampleKey(m.observed);
        if (!slot.observedKeys.has(k)) {
          slot.observedKeys.add(k);
          slot.observed.push(m.observed);
        }
      }
      if (m.body && slot.bodies.length < this.maxSamples) {
        const k = sampleKey(m.body);
        if (!slot.bodyKeys.has(k)) {
          slot.bodyKeys.add(k);
          slot.bodies.push(m.body);
        }
      }
    }
    if (timestamp !== undefined) {
      if (slot.firstSeen === null || timestamp < slot.firstSeen) slot.firstSeen = timestamp;
      if (slot.lastSeen === null || timestamp > slot.lastSeen) slot.lastSeen = timestamp;
    }
    if (slot.samples.length < this.maxSamples && !slot.samples.includes(exchangeId))
      slot.samples.push(exchangeId);
  }

  get size(): number {
    return this.#slots.size;
  }

  /** Aggregated records, most breaking first, then most severe, most frequent, and by key. */
  result(options: ClassifyOptions = {}): AggregatedMismatch[] {
    const out: (AggregatedMismatch & { key: string })[] = [];
    for (const [key, s] of this.#slots) {
      out.push({
        ...s.first,
        level: levelOf(s.first, options),
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        sampleExchangeIds: [...s.samples],
        observedSamples: [...s.observed],
        ...(s.bodies.length > 0 ? { bodySamples: [...s.bodies] } : {}),
        key,
      });
    }
    out.sort(
      (a, b) =>
        LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        b.count - a.count ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
    return out.map(({ key: _key, ...rest }) => rest);
  }
}
