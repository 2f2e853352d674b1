// A bounded queue drained asynchronously, one item at a time, off the request path: `push` never blocks
// and never throws; when full the item is dropped and counted; a failing handler is counted, never rethrown.
export interface QueueStats {
  readonly queued: number;
  readonly processed: number;
  readonly dropped: number;
  readonly failed: number;
}

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
  ) {}

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
    while (this.size > 0) {
      const item = this.items[this.head] as T;
      this.items[this.head] = undefined as T;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      try {
        await this.handle(item);
        this.processed++;
      } catch (e) {
        this.failed++;
        this.onError(e);
      }
      // Let the request path run between slices (every 2 ms of work) even when the handler is synchronous.
      if (performance.now() - sliceStart > 2) {
        await new Promise<void>((r) => setImmediate(r));
        sliceStart = performance.now();
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
