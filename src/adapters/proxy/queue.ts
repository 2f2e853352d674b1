// A bounded queue drained asynchronously, one item at a time, off the request path: `push` never blocks
// and never throws; when full the item is dropped and counted; a failing handler is counted, never rethrown.
// The drain runs in slices between event-loop turns and takes at most `share` of the loop's time while
// the loop has other work (the proxy's forwarding): each slice lasts `gap * share / (1 - share)`, where
// `gap` is how long the loop was busy elsewhere since the previous slice. An idle loop gives a tiny gap,
// so the drain then runs slice after slice and uses all the idle time; a saturated one keeps forwarding
// first, the queue fills, and what does not fit is dropped and counted (load shedding, never silent).
export interface QueueStats {
  readonly queued: number;
  readonly processed: number;
  readonly dropped: number;
  readonly failed: number;
}

const MAX_SLICE_MS = 2;
const MIN_SLICE_MS = 0.05;

export class DrainQueue<T> {
  private readonly items: T[] = [];
  private head = 0;
  private running = false;
  private idle: (() => void)[] = [];
  processed = 0;
  dropped = 0;
  failed = 0;

  constructor(
    private readonly capacity: number,
    private readonly handle: (item: T) => Promise<void> | void,
    private readonly onError: (e: unknown) => void = () => {},
    private readonly share = 0.5,
  ) {
    if (!(share > 0 && share <= 1)) throw new Error(`queue share must be in (0, 1], got ${share}`);
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Queues the item (false when the queue was full and it was dropped). */
  push(item: T): boolean {
    if (this.size >= this.capacity) {
      this.dropped++;
      return false;
    }
    this.items.push(item);
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.run());
    }
    return true;
  }

  private async run(): Promise<void> {
    let sliceStart = performance.now();
    let sliceMs = MAX_SLICE_MS;
    const ratio = this.share >= 1 ? Number.POSITIVE_INFINITY : this.share / (1 - this.share);
    while (this.size > 0) {
      const item = this.items[this.head] as T;
      this.items[this.head] = undefined as T;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      try {
        const r = this.handle(item);
        if (r !== undefined) await r; // a synchronous handler costs no promise turn
        this.processed++;
      } catch (e) {
        this.failed++;
        this.onError(e);
      }
      // Let the request path run between slices even when the handler is synchronous.
      const now = performance.now();
      if (now - sliceStart > sliceMs) {
        await new Promise<void>((r) => setImmediate(r));
        sliceStart = performance.now();
        sliceMs = Math.min(MAX_SLICE_MS, Math.max(MIN_SLICE_MS, (sliceStart - now) * ratio));
      }
    }
    this.running = false;
    for (const f of this.idle.splice(0)) f();
  }

  /** Resolves when everything queued so far was handled. */
  drained(): Promise<void> {
    if (!this.running && this.size === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  stats(): QueueStats {
    return { queued: this.size, processed: this.processed, dropped: this.dropped, failed: this.failed };
  }
}
