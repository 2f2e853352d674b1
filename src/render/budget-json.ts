// JSON presenter of a budget check: the report as is (snake_case, stable key order), one trailing newline.
import type { BudgetCheckReport } from '../core/budgets/index.js';

export function renderBudgetJson(report: BudgetCheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
