// `driftgate diff --format markdown`: a pull-request comment: summary table, then changes by level.
import type { DiffResult } from '../core/diff/result.js';
import {
  type DiffRenderContext,
  documentLabel,
  failsGate,
  gatedChanges,
  LEVEL_LABEL,
  LEVELS_DESC,
} from './diff-format.js';

/** GitHub refuses comments over 65,536 characters; leave room for a wrapper around ours. */
const DEFAULT_MAX_CHARS = 60_000;

export function renderDiffMarkdown(result: DiffResult, ctx: DiffRenderContext): string {
  const gated = gatedChanges(result.changes, ctx.failOn).length;
  const verdict =
    ctx.failOn === 'never'
      ? 'report only (`--fail-on never`)'
      : gated > 0
        ? `**fails**: ${gated} change${gated === 1 ? '' : 's'} at or above \`${ctx.failOn}\``
        : `passes: nothing at or above \`${ctx.failOn}\``;
  const out = [
    '## driftgate diff',
    '',
    `${code(ctx.baseFile)} (${cell(documentLabel(result.base))}) → ${code(ctx.revisionFile)} (${cell(documentLabel(result.revision))}): ${verdict}`,
    '',
    '| level | changes |',
    '|---|---:|',
    ...LEVELS_DESC.map((l) => `| ${LEVEL_LABEL[l]} | ${result.summary[l]} |`),
  ];
  if (ctx.ignored) out.push(`| ignored | ${ctx.ignored} |`);
  // Most breaking first, so when the comment has to be cut it is the least important rows that go.
  let budget = (ctx.maxChars ?? DEFAULT_MAX_CHARS) - out.join('\n').length - 300 * LEVELS_DESC.length;
  for (const level of LEVELS_DESC) {
    const changes = result.changes.filter((c) => c.level === level);
    if (changes.length === 0) continue;
    const heading = `${LEVEL_LABEL[level][0]!.toUpperCase()}${LEVEL_LABEL[level].slice(1)} (${changes.length})`;
    out.push('', `### ${heading}${failsGate(level, ctx.failOn) ? ' — fails the gate' : ''}`, '');
    const rows: string[] = [];
    for (const c of changes) {
      const row = `| ${c.operation === null ? '(document)' : code(c.operation)} | ${code(c.id)} | ${cell(c.message)} |`;
      if (row.length + 1 > budget) break;
      budget -= row.length + 1;
      rows.push(row);
    }
    if (rows.length > 0) out.push('| operation | check | change |', '|---|---|---|', ...rows);
    const hidden = changes.length - rows.length;
    if (hidden > 0) {
      out.push(
        `${rows.length > 0 ? '\n' : ''}_${rows.length > 0 ? `…and ${hidden} more` : `${hidden}`} not shown: the comment would exceed GitHub's 65,536-character limit (\`--format json\` lists every change)._`,
      );
    }
  }
  if (result.changes.length === 0) out.push('', 'No changes.');
  return `${out.join('\n')}\n`;
}

/** Table-cell text: no line breaks, `|` escaped, and HTML-ish characters neutralised. */
function cell(s: string): string {
  return s
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}

/** An inline code span that survives any backticks inside (CommonMark §6.1) and sits in a table cell. */
function code(s: string): string {
  const text = s.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
