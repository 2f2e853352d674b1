// `driftgate analyze --format text|markdown`: the aggregated mismatches grouped by level, most breaking first.
import { LEVELS, type Level } from '../core/findings.js';
import type { AggregatedMismatch } from '../core/traffic/mismatch.js';
import { type AnalysisView, operationOf } from './analyze-json.js';

const TITLE = {
  breaking: 'Breaking',
  potentially_breaking: 'Potentially breaking',
  non_breaking: 'Non-breaking',
} as const satisfies Record<Level, string>;

function headline(a: AnalysisView): string {
  const s = a.summary;
  return `${s.exchanges} exchanges (${s.matched} matched, ${s.unmatched} unmatched, ${s.malformed} malformed): ${s.breaking} breaking, ${s.potentially_breaking} potentially breaking, ${s.non_breaking} non-breaking`;
}

function where(m: AggregatedMismatch): string {
  const op = operationOf(m) ?? String(m.observed);
  return `${op}${m.status !== null ? ` → ${m.status}` : ''} ${m.location}`;
}

export function renderAnalysisText(a: AnalysisView): string {
  const lines = [`driftgate analyze: ${headline(a)}`];
  for (const level of LEVELS) {
    const list = a.mismatches.filter((m) => m.level === level);
    if (list.length === 0) continue;
    lines.push('', `${TITLE[level]} (${list.length})`);
    for (const m of list) {
      lines.push(`  ${m.type} [${m.severity}] ${where(m)}  ×${m.count}`);
      lines.push(`    ${m.message}`);
      if (m.specLocation !== null) lines.push(`    spec: ${m.specLocation}`);
    }
  }
  if (a.corrections.length > 0) {
    lines.push('', `Corrections (${a.corrections.length})`);
    for (const c of a.corrections) {
      lines.push(
        `  ${c.operation ?? '(document)'}: ${c.reason} (confidence ${c.confidence.toFixed(2)}, support ${c.support})`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/`/g, "'");
}

export function renderAnalysisMarkdown(a: AnalysisView): string {
  const lines = ['## driftgate analyze', '', headline(a)];
  for (const level of LEVELS) {
    const list = a.mismatches.filter((m) => m.level === level);
    if (list.length === 0) continue;
    lines.push(
      '',
      `### ${TITLE[level]} (${list.length})`,
      '',
      '| type | operation | status | location | count | message |',
      '|---|---|---|---|---|---|',
    );
    for (const m of list) {
      lines.push(
        `| ${m.type} | ${cell(operationOf(m) ?? String(m.observed))} | ${m.status ?? ''} | \`${cell(m.location)}\` | ${m.count} | ${cell(m.message)} |`,
      );
    }
  }
  if (a.corrections.length > 0) {
    lines.push(
      '',
      `### Corrections (${a.corrections.length})`,
      '',
      '| operation | confidence | support | reason |',
      '|---|---|---|---|',
    );
    for (const c of a.corrections) {
      lines.push(
        `| ${cell(c.operation ?? '')} | ${c.confidence.toFixed(2)} | ${c.support} | ${cell(c.reason)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
