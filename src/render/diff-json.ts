// `driftgate diff --format json` (INTERFACES.md): fixed key order, two-space indent, trailing newline, so
// the same inputs give byte-identical output.

import type { DiffResult } from '../core/diff/result.js';
import type { Change } from '../core/findings.js';

/** Renders the INTERFACES.md shape; keys are written in a fixed order whatever order the input has. */
export function renderDiffJson(result: DiffResult): string {
  const out = {
    base: { title: result.base.title, version: result.base.version },
    revision: { title: result.revision.title, version: result.revision.version },
    summary: {
      breaking: result.summary.breaking,
      potentially_breaking: result.summary.potentially_breaking,
      non_breaking: result.summary.non_breaking,
    },
    changes: result.changes.map(changeJson),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
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
