// Spec `pattern`s are compiled to JavaScript regular expressions, and a pattern with nested quantifiers
// (`^(a+)+$`) backtracks exponentially on a near-miss: seconds to hours for one value of a few dozen
// characters, a denial of service through the contract. V8 can fall back to its linear-time engine after
// a number of backtracks; this turns that on for the whole process (V8 flags are per process: worker
// threads started afterwards get it too). Matches stay the same; only their worst-case time changes.
import { setFlagsFromString } from 'node:v8';

let done = false;

export function guardRegExpBacktracking(): void {
  if (done) return;
  done = true;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
}
