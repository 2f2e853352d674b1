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
  /** The slot's occurrence number (1-based) at which each kept observed value / body was seen. */
  readonly observedAt: number[];
  readonly observedKeys: Set<string>;
  readonly bodies: NonNullable<Mismatch['body']>[];
  readonly bodiesAt: number[];
  readonly bodyKeys: Set<string>;
}

/**
 * One aggregated mismatch as plain data (structured-clone safe): what a worker thread analysing a part of
 * the input hands back. Merged in input order, parts give what one pass over the whole input gives (counts,
 * first/last seen, first sample ids); kept observed values and bodies are each part's first distinct ones,
 * so when a part's list filled up with values an earlier part already had, a later distinct value can be
 * missing from the merged samples.
 */
export interface SlotSnapshot {
  readonly key: string;
  readonly first: Mismatch;
  readonly count: number;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly samples: readonly string[];
  readonly observed: readonly { readonly v: unknown; readonly at: number }[];
  readonly bodies: readonly { readonly v: NonNullable<Mismatch['body']>; readonly at: number }[];
}

/** "No observed value to keep" (merging bodies only); `undefined` is a value a mismatch can observe. */
const NONE: unique symbol = Symbol('none');

/** Distinctness of samples is looked for in this many observations per mismatch, then no longer. */
const DISTINCT_BUDGET = 1000;

function sampleKey(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v) ?? 'undefined'}`;
}

/** Accumulates mismatches; memory grows with distinct mismatches, never with exchanges. */
export class MismatchAggregator {
  readonly #slots = new Map<string, Slot>();
  constructor(readonly maxSamples = 5) {}

  #slot(key: string, first: Mismatch): Slot {
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = {
        first,
        count: 0,
        firstSeen: null,
        lastSeen: null,
        samples: [],
        observed: [],
        observedAt: [],
        observedKeys: new Set(),
        bodies: [],
        bodiesAt: [],
        bodyKeys: new Set(),
      };
      this.#slots.set(key, slot);
    }
    return slot;
  }

  /** Keeps an observed value / body seen at occurrence `at` when it is new and there is room. */
  #keep(slot: Slot, observed: unknown, body: Mismatch['body'], at: number): void {
    if (at > DISTINCT_BUDGET) return;
    if (observed !== NONE && slot.observed.length < this.maxSamples) {
      const k = sampleKey(observed);
      if (!slot.observedKeys.has(k)) {
        slot.observedKeys.add(k);
        slot.observed.push(observed);
        slot.observedAt.push(at);
      }
    }
    if (body && slot.bodies.length < this.maxSamples) {
      const k = sampleKey(body);
      if (!slot.bodyKeys.has(k)) {
        slot.bodyKeys.add(k);
        slot.bodies.push(body);
        slot.bodiesAt.push(at);
      }
    }
  }

  #seen(slot: Slot, firstSeen: string | null | undefined, lastSeen: string | null | undefined): void {
    if (firstSeen != null && (slot.firstSeen === null || firstSeen < slot.firstSeen))
      slot.firstSeen = firstSeen;
    if (lastSeen != null && (slot.lastSeen === null || lastSeen > slot.lastSeen)) slot.lastSeen = lastSeen;
  }

  #sample(slot: Slot, exchangeId: string): void {
    if (slot.samples.length < this.maxSamples && !slot.samples.includes(exchangeId))
      slot.samples.push(exchangeId);
  }

  add(m: Mismatch, exchangeId: string, timestamp: string | undefined): void {
    const slot = this.#slot(mismatchKey(m), m);
    slot.count++;
    this.#keep(slot, m.observed, m.body, slot.count);
    this.#seen(slot, timestamp, timestamp);
    this.#sample(slot, exchangeId);
  }

  /** Every slot as plain data, in first-seen order. */
  snapshot(): SlotSnapshot[] {
    return [...this.#slots].map(([key, s]) => ({
      key,
      first: s.first,
      count: s.count,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
      samples: [...s.samples],
      observed: s.observed.map((v, i) => ({ v, at: s.observedAt[i] ?? 1 })),
      bodies: s.bodies.map((v, i) => ({ v, at: s.bodiesAt[i] ?? 1 })),
    }));
  }

  /**
   * Adds the slots of the input that follows everything added so far (merge parts in input order).
   * `mapId` rewrites sample exchange ids (a part numbers lines from its own start).
   */
  merge(slots: readonly SlotSnapshot[], mapId: (id: string) => string = (id) => id): void {
    for (const s of slots) {
      const slot = this.#slot(s.key, s.first);
      const before = slot.count;
      for (const o of s.observed) this.#keep(slot, o.v, undefined, before + o.at);
      for (const b of s.bodies) this.#keep(slot, NONE, b.v, before + b.at);
      slot.count += s.count;
      this.#seen(slot, s.firstSeen, s.lastSeen);
      for (const id of s.samples) this.#sample(slot, mapId(id));
    }
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
