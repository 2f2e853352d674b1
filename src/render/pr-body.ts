// The GitOps PR's title, body and commit message, in the seed's format ("Example PR") with our snake_case
// spellings, plus the patch summary and the outcome of the spec check, the drift re-check and the
// configured regenerate/test commands. Pure: data in, markdown out.
import type { Severity } from '../core/findings.js';
import type { IncidentType } from '../core/incidents/incident.js';
import type { PatchOperation } from '../core/traffic/mismatch.js';

export interface PrIncident {
  readonly id: string;
  readonly method: string;
  readonly endpoint: string;
  readonly incident_type: IncidentType;
  readonly severity: Severity;
  readonly occurrences: number;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface CommandReport {
  readonly name: 'regenerate_clients' | 'run_tests';
  readonly command: string | null;
  /** null: not run (see `skipped`). */
  readonly exit_code: number | null;
  readonly timed_out: boolean;
  readonly skipped: string | null;
  /** Last lines of stdout+stderr. */
  readonly output_tail: string;
}

export interface VerificationReport {
  /** The patched spec parsed and built: its OpenAPI version and operation count. */
  readonly spec: { readonly openapi: string; readonly operations: number } | null;
  /** Sample exchanges re-analysed against the patched spec; null when none were available. */
  readonly drift: {
    readonly exchanges: number;
    /** Drift the incidents reported that still shows after the patch (`type location`). */
    readonly remaining: readonly string[];
    /** Mismatches the samples showed before the patch that are gone after it. */
    readonly resolved: number;
  } | null;
}

export interface PrBodyInput {
  readonly incidents: readonly PrIncident[];
  readonly specFile: string | null;
  readonly operations: readonly { readonly op: PatchOperation; readonly incident_ids: readonly string[] }[];
  readonly fixtures: readonly string[];
  readonly verification: VerificationReport;
  readonly commands: readonly CommandReport[];
  readonly fingerprintSetHash: string;
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

function operation(i: Pick<PrIncident, 'method' | 'endpoint'>): string {
  return `${i.method} ${i.endpoint}`;
}

/** `Fix drift: POST /api/users - breaking_change`, or `Fix drift: 3 incidents across 2 endpoints`. */
export function renderPrTitle(
  incidents: readonly Pick<PrIncident, 'method' | 'endpoint' | 'incident_type'>[],
): string {
  const only = incidents[0];
  if (incidents.length === 1 && only) return `Fix drift: ${operation(only)} - ${only.incident_type}`;
  const endpoints = new Set(incidents.map(operation)).size;
  return `Fix drift: ${incidents.length} incidents across ${endpoints} endpoint${endpoints === 1 ? '' : 's'}`;
}

function count(details: Readonly<Record<string, unknown>>, level: string): number | null {
  const counts = details.counts;
  if (counts === null || typeof counts !== 'object') return null;
  const n = (counts as Record<string, unknown>)[level];
  return typeof n === 'number' ? n : null;
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${text.replace(/\n+$/, '')}\n${f}`;
}

function commandLine(c: CommandReport): string[] {
  const label = c.name === 'run_tests' ? 'Tests' : 'Regenerate clients';
  if (c.skipped !== null) return [`- **${label}**: skipped (${c.skipped})`];
  const verdict = c.timed_out ? 'timed out' : c.exit_code === 0 ? 'passed' : `failed (exit ${c.exit_code})`;
  const lines = [`- **${label}**: ${verdict} - ${code(c.command ?? '')}`];
  if (c.output_tail.trim() !== '') {
    lines.push(
      '',
      '<details><summary>output (last lines)</summary>',
      '',
      fence(c.output_tail),
      '',
      '</details>',
      '',
    );
  }
  return lines;
}

/** GitHub refuses PR bodies over 65,536 characters; stay below it with room for the host's own text. */
export const MAX_BODY_CHARS = 60_000;

/**
 * The PR body. Lists (endpoints, fixtures, patch rows, incident details) are shortened, with a count
 * of what was left out, when the full body would exceed `maxChars`; nothing is cut silently.
 */
export function renderPrBody(input: PrBodyInput, maxChars = MAX_BODY_CHARS): string {
  let body = renderWith(input, null);
  for (const cap of [200, 50, 10, 3]) {
    if (body.length <= maxChars) return body;
    body = renderWith(input, cap);
  }
  if (body.length <= maxChars) return body;
  const note = `\n\n_(body shortened to ${maxChars} characters; the commit has every change)_\n<!-- driftgate:fingerprint-set ${input.fingerprintSetHash} -->\n`;
  return body.slice(0, maxChars - note.length) + note;
}

/** The first `cap` items (all when null), then a line saying how many were left out. */
function capped<T>(
  items: readonly T[],
  cap: number | null,
  line: (t: T) => string[],
  more: (n: number) => string,
): string[] {
  const shown = cap === null ? items : items.slice(0, cap);
  const out = shown.flatMap(line);
  if (shown.length < items.length) out.push(more(items.length - shown.length));
  return out;
}

function renderWith(input: PrBodyInput, cap: number | null): string {
  const { incidents } = input;
  const breaking = incidents.filter((i) => i.incident_type === 'breaking_change').length;
  const out: string[] = [
    '## Drift Budget Violation Fix',
    '',
    'This PR was automatically generated by driftgate to fix drift budget violations.',
    '',
    '### Summary',
    '',
    `- **Total incidents**: ${incidents.length}`,
    `- **Breaking changes**: ${breaking}`,
    `- **Threshold exceeded**: ${incidents.length - breaking}`,
    '',
    '### Affected Endpoints',
    '',
    ...capped(
      incidents,
      cap,
      (i) => [`- ${code(operation(i))} - ${i.incident_type} (${i.severity})`],
      (n) => `- … and ${n} more`,
    ),
    '',
    '### Changes Made',
    '',
  ];
  if (input.specFile !== null && input.operations.length > 0) {
    const n = input.operations.length;
    out.push(
      `- Updated OpenAPI specification ${code(input.specFile)} with ${n} correction${n === 1 ? '' : 's'}`,
    );
  }
  if (input.fixtures.length > 0) {
    out.push('- Updated fixture files with new response data:');
    out.push(
      ...capped(
        input.fixtures,
        cap,
        (f) => [`  - ${code(f)}`],
        (n) => `  - … and ${n} more`,
      ),
    );
  }
  if (input.operations.length > 0) {
    out.push('', '### Patch Summary', '', '| op | path | incidents |', '|---|---|---|');
    out.push(
      ...capped(
        input.operations,
        cap,
        ({ op, incident_ids }) => {
          const path = op.op === 'move' || op.op === 'copy' ? `${op.from} -> ${op.path}` : op.path;
          return [
            `| ${op.op} | ${code(path).replace(/\|/g, '\\|')} | ${incident_ids.map(code).join(', ')} |`,
          ];
        },
        (n) => `| … | ${n} more operations | |`,
      ),
    );
  }
  out.push('', '### Checks', '');
  const v = input.verification;
  if (v.spec !== null) {
    out.push(`- **Patched spec loads**: yes (OpenAPI ${v.spec.openapi}, ${v.spec.operations} operations)`);
  } else {
    out.push('- **Patched spec loads**: not checked (spec not updated)');
  }
  if (v.drift === null) out.push('- **Drift re-check**: no sample exchanges to re-check');
  else if (v.drift.remaining.length === 0) {
    out.push(
      `- **Drift re-check**: no reported drift remains in ${v.drift.exchanges === 1 ? 'the sample exchange' : `the ${v.drift.exchanges} sample exchanges`} (${v.drift.resolved} mismatch${v.drift.resolved === 1 ? '' : 'es'} resolved)`,
    );
  } else {
    out.push(`- **Drift re-check**: drift remains after the patch:`);
    for (const r of v.drift.remaining) out.push(`  - ${code(r)}`);
  }
  for (const c of input.commands) out.push(...commandLine(c));
  if (out.at(-1) !== '') out.push('');
  out.push('### Incident Details', '');
  out.push(
    ...capped(
      incidents,
      cap,
      incidentDetails,
      (n) => `_… and ${n} more incidents (ids in the commit message)._\n`,
    ),
  );
  out.push(`<!-- driftgate:fingerprint-set ${input.fingerprintSetHash} -->`, '');
  return out.join('\n');
}

function incidentDetails(i: PrIncident): string[] {
  const out = [
    `#### ${operation(i)}`,
    '',
    `- **Incident ID**: ${code(i.id)}`,
    `- **Type**: ${i.incident_type}`,
    `- **Severity**: ${i.severity}`,
  ];
  const b = count(i.details, 'breaking');
  const pb = count(i.details, 'potentially_breaking');
  const nb = count(i.details, 'non_breaking');
  if (b !== null) out.push(`- **Breaking Changes**: ${b}`);
  if (pb !== null) out.push(`- **Potentially Breaking Changes**: ${pb}`);
  if (nb !== null) out.push(`- **Non-breaking Changes**: ${nb}`);
  out.push(`- **Occurrences**: ${i.occurrences}`, '');
  return out;
}

/** The commit message: the title, what changed, and trailers that mark the commit as driftgate's own. */
export function renderCommitMessage(input: {
  readonly title: string;
  readonly incidents: readonly Pick<PrIncident, 'id' | 'method' | 'endpoint'>[];
  readonly specFile: string | null;
  readonly operations: number;
  readonly fixtures: readonly string[];
  readonly fingerprintSetHash: string;
}): string {
  const lines = [input.title, ''];
  if (input.specFile !== null && input.operations > 0) {
    lines.push(
      `Apply ${input.operations} correction${input.operations === 1 ? '' : 's'} to ${input.specFile}.`,
    );
  }
  if (input.fixtures.length > 0)
    lines.push(`Update ${input.fixtures.length} fixture file${input.fixtures.length === 1 ? '' : 's'}.`);
  lines.push('', ...input.incidents.map((i) => `- ${operation(i)} (incident ${i.id})`), '');
  lines.push(`Driftgate-Fingerprint-Set: ${input.fingerprintSetHash}`);
  return `${lines.join('\n')}\n`;
}
