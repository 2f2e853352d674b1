// Terminal presenter of a budget check: which budget applied and why, a consumption bar per allowance,
// and the findings by level. Pure: returns text, never writes.
import type { Allowance, BudgetCheckReport, BudgetEvaluation } from '../core/budgets/index.js';
import { BUDGET_FIELDS } from '../core/budgets/types.js';
import { LEVELS } from '../core/findings.js';
import { describeReason, LABEL, levelName } from './budget-words.js';

const BAR_WIDTH = 10;

/** `██████░░░░`: the share of the limit spent; a full bar when over (or any use of a zero allowance). */
export function consumptionBar(used: number, limit: number, width = BAR_WIDTH): string {
  const share = limit <= 0 ? (used > 0 ? 1 : 0) : Math.min(1, used / limit);
  const full = Math.round(share * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, '');
}

export function allowanceLine(a: Allowance): string {
  const name = LABEL[a.kind].padEnd(22);
  const unit = a.kind === 'field_churn_percent' ? '%' : '';
  if (a.used === null) return `${name}n/a     (no baseline: the operation had no fields at the window start)`;
  if (a.note === 'pooled') return `${name}${fmt(a.used).padEnd(8)}(spends the non-breaking allowance)`;
  if (a.limit === null) return `${name}${`${fmt(a.used)}${unit}`.padEnd(8)}(no limit)`;
  const text = `${fmt(a.used)}${unit}/${fmt(a.limit)}${unit}`;
  const ratio = text.length >= 8 ? `${text} ` : text.padEnd(8);
  return `${name}${ratio}${consumptionBar(a.used, a.limit)}${a.exceeded ? ' exceeded' : ''}`;
}

function renderEvaluation(e: BudgetEvaluation): string[] {
  const lines: string[] = [];
  const b = e.budget;
  const status = !b.enabled ? 'not gated' : e.budget_exceeded ? 'EXCEEDED' : 'within budget';
  lines.push(`${e.operation ?? '(document level)'}  ${status}`);
  const applied = b.chain.filter((c) => c.status === 'applied').map((c) => c.budget_id);
  const skipped = b.chain.filter((c) => c.status !== 'applied').map((c) => `${c.budget_id} (${c.status})`);
  lines.push(
    `  budget ${b.id}: ${applied.join(' > ')}${skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : ''}`,
  );
  if (b.disabled_reason === 'master_switch_off')
    lines.push('  drift_budget.enabled is false: nothing is gated');
  if (b.disabled_reason === 'no_enabled_budget') lines.push('  no enabled budget applies: nothing is gated');
  for (const field of BUDGET_FIELDS) {
    const v = b.effective[field];
    lines.push(`    ${field.padEnd(34)}${String(v ?? '-').padEnd(8)}from ${b.sources[field].budget_id}`);
  }
  lines.push(`  window ${e.window.days} days: ${e.window.start} .. ${e.window.end}`);
  for (const a of e.consumption) lines.push(`  ${allowanceLine(a)}`);
  if (e.incident_type) lines.push(`  incident: ${e.incident_type}, severity ${e.severity}`);
  for (const level of LEVELS) {
    for (const f of e.findings_by_level[level]) {
      const old = f.in_window ? '' : ' (first seen before the window)';
      lines.push(
        `  - ${levelName(level)}: ${f.code} at ${f.location}: ${f.message} [${describeReason(f.reason)}]${old}`,
      );
    }
  }
  return lines;
}

export function renderBudgetText(report: BudgetCheckReport): string {
  const s = report.summary;
  const head = report.budget_exceeded
    ? `driftgate check: budget exceeded (${s.exceeded} of ${s.operations} operation${s.operations === 1 ? '' : 's'})`
    : `driftgate check: within budget (${s.operations} operation${s.operations === 1 ? '' : 's'} checked)`;
  const lines = [
    head,
    `scope ${report.scope}; findings: ${s.findings.breaking} breaking, ${s.findings.potentially_breaking} potentially breaking, ${s.findings.non_breaking} non-breaking`,
  ];
  if (report.evaluations.length === 0) lines.push('', 'no drift found');
  for (const e of report.evaluations) lines.push('', ...renderEvaluation(e));
  return `${lines.join('\n')}\n`;
}
