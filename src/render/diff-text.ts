// `driftgate diff --format text`: changes grouped by level, then by operation; ANSI colour only when asked.
import type { DiffResult } from '../core/diff/result.js';
import type { Change, Level } from '../core/findings.js';
import {
  type DiffRenderContext,
  documentLabel,
  gatedChanges,
  LEVEL_LABEL,
  LEVELS_DESC,
} from './diff-format.js';

const COLOR = { breaking: '31', potentially_breaking: '33', non_breaking: '32' } as const satisfies Record<
  Level,
  string
>;

export function renderDiffText(result: DiffResult, ctx: DiffRenderContext): string {
  const paint = (code: string, s: string) => (ctx.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines = [
    `base:     ${oneLine(ctx.baseFile)} (${oneLine(documentLabel(result.base))})`,
    `revision: ${oneLine(ctx.revisionFile)} (${oneLine(documentLabel(result.revision))})`,
    '',
  ];
  if (result.changes.length === 0) lines.push('no changes', '');
  for (const level of LEVELS_DESC) {
    const changes = result.changes.filter((c) => c.level === level);
    if (changes.length === 0) continue;
    lines.push(paint(`1;${COLOR[level]}`, `${LEVEL_LABEL[level]} (${changes.length})`));
    for (const [operation, group] of byOperation(changes)) {
      lines.push(`  ${paint('1', oneLine(operation ?? '(document)'))}`);
      for (const c of group) lines.push(`    ${paint(COLOR[level], c.id)}  ${oneLine(c.message)}`);
    }
    lines.push('');
  }
  lines.push(summaryLine(result, ctx));
  const gated = gatedChanges(result.changes, ctx.failOn).length;
  lines.push(
    ctx.failOn === 'never'
      ? 'result: pass (--fail-on never)'
      : gated > 0
        ? paint('1;31', `result: FAIL (${gated} at or above --fail-on ${ctx.failOn})`)
        : `result: pass (nothing at or above --fail-on ${ctx.failOn})`,
  );
  return `${lines.join('\n')}\n`;
}

function summaryLine(result: DiffResult, ctx: DiffRenderContext): string {
  const counts = LEVELS_DESC.map((l) => `${result.summary[l]} ${LEVEL_LABEL[l]}`).join(', ');
  return `summary: ${counts}${ctx.ignored ? `; ${ctx.ignored} ignored` : ''}`;
}

/** Groups consecutive changes by operation, keeping first-seen order (the result is already sorted). */
export function byOperation(changes: readonly Change[]): Map<string | null, Change[]> {
  const groups = new Map<string | null, Change[]>();
  for (const c of changes) {
    const list = groups.get(c.operation);
    if (list) list.push(c);
    else groups.set(c.operation, [c]);
  }
  return groups;
}

/** One terminal line: line breaks become spaces, other control characters (ESC included) U+FFFD, so a
 *  spec cannot move the cursor or recolour the terminal. */
function oneLine(s: string): string {
  let out = '';
  for (const ch of s.replace(/\r\n|\r|\n/g, ' ')) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || (c >= 0x7f && c < 0xa0) ? '\ufffd' : ch;
  }
  return out;
}
