// `driftgate diff --format json` (INTERFACES.md): fixed key order, two-space indent, trailing newline, so
// the same inputs give byte-identical output. Also as chunks, one change at a time, so a 60,000-change
// diff streams to stdout instead of being held twice (string + buffer) in memory.
import type { DiffResult } from '../core/diff/result.js';
import type { Change } from '../core/findings.js';

/** Renders the INTERFACES.md shape; keys are written in a fixed order whatever order the input has. */
export function renderDiffJson(result: DiffResult): string {
  let out = '';
  for (const chunk of renderDiffJsonChunks(result)) out += chunk;
  return out;
}

/** The same bytes as `renderDiffJson`, in pieces (identical to `JSON.stringify(shape, null, 2)` + newline). */
export function* renderDiffJsonChunks(result: DiffResult): Generator<string> {
  const head = JSON.stringify(
    {
      base: { title: result.base.title, version: result.base.version },
      revision: { title: result.revision.title, version: result.revision.version },
      summary: {
        breaking: result.summary.breaking,
        potentially_breaking: result.summary.potentially_breaking,
        non_breaking: result.summary.non_breaking,
      },
      changes: [],
    },
    null,
    2,
  );
  if (result.changes.length === 0) {
    yield `${head}\n`;
    return;
  }
  // `"changes": []\n}` -> open the array, then one indented change per chunk.
  yield `${head.slice(0, head.length - '[]\n}'.length)}[\n`;
  for (let i = 0; i < result.changes.length; i++) {
    // JSON strings never hold a raw newline, so re-indenting by line is exact.
    const body = JSON.stringify(changeJson(result.changes[i]!), null, 2).replace(/\n/g, '\n    ');
    yield `    ${body}${i < result.changes.length - 1 ? ',' : ''}\n`;
  }
  yield '  ]\n}\n';
}

function changeJson(c: Change): Record<string, unknown> {
  return {
    id: c.id,
    level: c.level,
    operation: c.operation,
    location: { base: c.location.base, revision: c.location.revision },
    message: c.message,
    // `undefined` would drop the key; the shape always has both.
    before: c.before === undefined ? null : c.before,
    after: c.after === undefined ? null : c.after,
  };
}
