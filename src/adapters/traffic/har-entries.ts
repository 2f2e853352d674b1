// An incremental scanner over a HAR document that yields the text of each `log.entries[]` element as it
// streams past, so a multi-gigabyte HAR is never held whole: memory is one entry at a time. It tracks only
// string/escape state, nesting and the keys of the first two levels; each entry is then JSON.parse'd.

export interface EntryText {
  readonly text: string;
  /** 1-based line where the entry starts, and its index in `entries`. */
  readonly line: number;
  readonly index: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const COLON = 58;
const COMMA = 44;
const NEWLINE = 10;

export class HarEntryScanner {
  #stack: number[] = [];
  /** Last key read at each object level (only levels 1 and 2 are recorded). */
  #keys: (string | null)[] = [];
  #inString = false;
  #escape = false;
  #expectKey = false;
  #keyBuf: string[] | null = null;
  #entriesDepth = -1;
  #capture: string[] | null = null;
  #captureStart = 0;
  #captureLine = 0;
  #index = 0;
  #line = 1;
  #sawEntries = false;

  get sawEntries(): boolean {
    return this.#sawEntries;
  }

  get line(): number {
    return this.#line;
  }

  /** Feeds a chunk; returns the entries completed in it. */
  push(chunk: string): EntryText[] {
    const out: EntryText[] = [];
    const stack = this.#stack;
    let start = this.#capture ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === NEWLINE) this.#line++;
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (c === BACKSLASH) this.#escape = true;
        else if (c === QUOTE) {
          this.#inString = false;
          if (this.#keyBuf) {
            this.#keyBuf.push(chunk.slice(this.#captureStart, i));
            this.#keys[stack.length - 1] = this.#keyBuf.join('');
            this.#keyBuf = null;
          }
        }
        continue;
      }
      switch (c) {
        case QUOTE:
          this.#inString = true;
          if (this.#expectKey && stack.length <= 2) {
            this.#keyBuf = [];
            this.#captureStart = i + 1;
          }
          this.#expectKey = false;
          break;
        case LBRACE:
        case LBRACKET:
          if (stack.length === this.#entriesDepth && c === LBRACE && !this.#capture) {
            this.#capture = [];
            start = i;
            this.#captureLine = this.#line;
          }
          if (
            c === LBRACKET &&
            stack.length === 2 &&
            stack[0] === LBRACE &&
            stack[1] === LBRACE &&
            this.#keys[0] === 'log' &&
            this.#keys[1] === 'entries'
          ) {
            this.#entriesDepth = 3;
            this.#sawEntries = true;
          }
          stack.push(c);
          this.#expectKey = c === LBRACE;
          break;
        case RBRACE:
        case RBRACKET:
          stack.pop();
          if (stack.length === this.#entriesDepth && this.#capture && c === RBRACE) {
            this.#capture.push(chunk.slice(start, i + 1));
            out.push({ text: this.#capture.join(''), line: this.#captureLine, index: this.#index++ });
            this.#capture = null;
            start = -1;
          } else if (stack.length === 2 && this.#entriesDepth === 3 && c === RBRACKET) {
            this.#entriesDepth = -1;
          }
          break;
        case COMMA:
          this.#expectKey = stack[stack.length - 1] === LBRACE;
          break;
        case COLON:
          this.#expectKey = false;
          break;
        default:
          break;
      }
    }
    if (this.#keyBuf) {
      this.#keyBuf.push(chunk.slice(this.#captureStart));
      this.#captureStart = 0;
    }
    if (this.#capture && start >= 0) this.#capture.push(chunk.slice(start));
    return out;
  }
}
