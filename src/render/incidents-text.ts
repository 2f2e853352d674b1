// Terminal rendering of incidents for `driftgate incidents` (pure).
import type { Incident, IncidentWithTimeline } from '../core/incidents/incident.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function renderIncidentList(page: {
  readonly incidents: readonly Incident[];
  readonly total: number;
}): string {
  if (page.incidents.length === 0) return `no incidents (total ${page.total})\n`;
  const rows = page.incidents.map((i) => [
    i.id,
    i.severity,
    i.status,
    i.incident_type,
    `${i.method} ${i.endpoint}`,
    i.workspace_id ?? '',
    String(i.occurrences),
    i.last_seen,
  ]);
  const head = ['id', 'severity', 'status', 'type', 'operation', 'workspace', 'seen', 'last seen'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => pad(cell, widths[c]!))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n${page.incidents.length} of ${page.total} incidents\n`;
}

export function renderIncident(i: IncidentWithTimeline): string {
  const out = [
    `${i.id}  ${i.severity} ${i.incident_type}  ${i.method} ${i.endpoint}`,
    `status ${i.status}, workspace ${i.workspace_id ?? '-'}, ${i.occurrences} occurrences, first seen ${i.first_seen}, last seen ${i.last_seen}`,
  ];
  if (i.pr_url) out.push(`pull request ${i.pr_url}`);
  if (i.external_ticket_url)
    out.push(`ticket ${i.external_ticket_id ?? ''} ${i.external_ticket_url}`.replace('  ', ' '));
  if (i.regression_of) out.push(`regression of ${i.regression_of}`);
  const findings = Array.isArray(i.details.findings) ? (i.details.findings as Record<string, unknown>[]) : [];
  if (findings.length > 0) {
    out.push('', 'findings:');
    for (const f of findings)
      out.push(`  ${String(f.level)}  ${String(f.code)}  ${String(f.location)}  ${String(f.message ?? '')}`);
  }
  out.push(
    '',
    'before:',
    JSON.stringify(i.before_sample, null, 2),
    'after:',
    JSON.stringify(i.after_sample, null, 2),
  );
  out.push('', 'timeline:');
  for (const e of i.timeline) out.push(`  ${e.at}  ${e.kind}  ${e.actor}`);
  return `${out.join('\n')}\n`;
}
