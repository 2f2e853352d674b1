// `driftgate diff --format github`: GitHub Actions workflow commands, one annotation per change
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
import type { DiffResult } from '../core/diff/result.js';
import type { Change } from '../core/findings.js';
import { type DiffRenderContext, failsGate } from './diff-format.js';

/** error when the change fails the gate; otherwise warning for (potentially) breaking, notice for the rest. */
export function annotationLevel(c: Change, ctx: DiffRenderContext): 'error' | 'warning' | 'notice' {
  if (failsGate(c.level, ctx.failOn)) return 'error';
  return c.level === 'non_breaking' ? 'notice' : 'warning';
}

export function renderDiffGithub(result: DiffResult, ctx: DiffRenderContext): string {
  return result.changes
    .map((c) => {
      // Annotations go on the revision file (the one the pull request changes); removals carry the base pointer.
      const ptr = c.location.revision ?? c.location.base;
      const line = c.location.revision === null ? undefined : ctx.lineOf?.('revision', c.location.revision);
      const props = [`file=${property(ctx.revisionFile)}`];
      if (line !== undefined) props.push(`line=${line}`);
      props.push(`title=${property(`${c.id}${c.operation ? ` ${c.operation}` : ''}`)}`);
      const where = ptr === null ? '' : ` (${ptr})`;
      return `::${annotationLevel(c, ctx)} ${props.join(',')}::${data(`${c.message}${where}`)}\n`;
    })
    .join('');
}

/** Message escaping of @actions/core `escapeData`. */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property escaping of @actions/core `escapeProperty`: also `:` and `,`, which delimit properties. */
function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
