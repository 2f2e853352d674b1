// Markdown presenter of a budget check, for CI comments: a verdict, then per operation the budget that
// applied (and where each field came from), a consumption table and the findings by level.
import type { BudgetCheckReport, BudgetEvaluation } from '../core/budgets/index.js';
import { BUDGET_FIELDS } from '../core/budgets/types.js';
import { LEVELS } from '../core/findings.js';
import { consumptionBar } from './budget-text.js';
import { describeReason, LABEL, levelName } from './budget-words.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function evaluationSection(e: BudgetEvaluation): string[] {
  const b = e.budget;
  const verdict = !b.enabled ? 'not gated' : e.budget_exceeded ? '❌ exceeded' : '✅ within budget';
  const out = [`### ${code(e.operation ?? '(document level)')}: ${verdict}`, ''];
  const applied = b.chain.filter((c) => c.status === 'applied').map((c) => code(c.budget_id));
  out.push(`Budget ${code(b.id)} (${applied.join(' > ')}), window ${e.window.days} days.`);
  const skipped = b.chain.filter((c) => c.status !== 'applied');
  if (skipped.length > 0)
    out.push(`Skipped: ${skipped.map((c) => `${code(c.budget_id)} (${c.status})`).join(', ')}.`);
  if (b.disabled_reason === 'master_switch_off')
    out.push('`drift_budget.enabled` is false: nothing is gated.');
  if (b.disabled_reason === 'no_enabled_budget') out.push('No enabled budget applies: nothing is gated.');
  out.push('', '| allowance | used | limit | consumption |', '|---|---:|---:|---|');
  for (const a of e.consumption) {
    const unit = a.kind === 'field_churn_percent' ? '%' : '';
    const used = a.used === null ? 'n/a' : `${a.used}${unit}`;
    const limit =
      a.note === 'pooled' ? 'pooled into non-breaking' : a.limit === null ? '—' : `${a.limit}${unit}`;
    const bar =
      a.used === null
        ? 'no baseline'
        : a.limit === null
          ? ''
          : `${consumptionBar(a.used, a.limit)}${a.exceeded ? ' **exceeded**' : ''}`;
    out.push(`| ${LABEL[a.kind]} | ${used} | ${limit} | ${bar} |`);
  }
  if (e.incident_type) out.push('', `Incident: **${e.incident_type}**, severity **${e.severity}**.`);
  out.push(
    '',
    '<details><summary>Effective budget</summary>',
    '',
    '| field | value | from |',
    '|---|---|---|',
    ...BUDGET_FIELDS.map((f) => `| ${f} | ${b.effective[f] ?? '—'} | ${code(b.sources[f].budget_id)} |`),
    '',
    '</details>',
  );
  const findings = LEVELS.flatMap((level) => e.findings_by_level[level]);
  if (findings.length > 0) {
    out.push('', '| level | finding | where | message | why |', '|---|---|---|---|---|');
    for (const f of findings) {
      out.push(
        `| ${levelName(f.level)} | ${code(f.code)} | ${code(f.location)} | ${cell(f.message)} | ${cell(describeReason(f.reason))} |`,
      );
    }
  }
  return out;
}

export function renderBudgetMarkdown(report: BudgetCheckReport): string {
  const s = report.summary;
  const head = report.budget_exceeded
    ? `## ❌ Drift budget exceeded (${s.exceeded} of ${s.operations} operation${s.operations === 1 ? '' : 's'})`
    : `## ✅ Within drift budget (${s.operations} operation${s.operations === 1 ? '' : 's'} checked)`;
  const out = [
    head,
    '',
    `Scope ${code(report.scope)}: ${s.findings.breaking} breaking, ${s.findings.potentially_breaking} potentially breaking, ${s.findings.non_breaking} non-breaking.`,
  ];
  for (const e of report.evaluations) out.push('', ...evaluationSection(e));
  return `${out.join('\n')}\n`;
}
