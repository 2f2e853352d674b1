// `driftgate incidents list|show|ack|resolve`: incidents through the server's REST API (INTERFACES.md).
// Server from --url or DRIFTGATE_URL (default http://127.0.0.1:3000), token from DRIFTGATE_TOKEN.
import type { Command } from 'commander';
import { apiClient } from '../adapters/http/api-client.js';
import type { Incident, IncidentWithTimeline } from '../core/incidents/incident.js';
import { renderIncident, renderIncidentList } from '../render/incidents-text.js';
import { usageError } from './exit.js';
import type { CliIo } from './io.js';

interface Common {
  readonly url?: string;
  readonly format: string;
}

function client(opts: Common) {
  if (opts.format !== 'text' && opts.format !== 'json')
    throw usageError(`--format must be text or json, got '${opts.format}'`);
  return apiClient({
    baseUrl: opts.url ?? process.env.DRIFTGATE_URL ?? 'http://127.0.0.1:3000',
    token: process.env.DRIFTGATE_TOKEN,
  });
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

export function registerIncidents(program: Command, io: CliIo): void {
  const cmd = program
    .command('incidents')
    .description('list, show, acknowledge and resolve incidents through the API');
  const common = (c: Command) =>
    c
      .option('--url <url>', 'server base URL (default: $DRIFTGATE_URL or http://127.0.0.1:3000)')
      .option('--format <f>', 'text or json', 'text');

  common(cmd.command('list'))
    .description('incidents matching the filters (newest first)')
    .option('--status <list>', 'open,acknowledged,resolved,closed')
    .option('--severity <list>', 'critical,high,medium,low,info')
    .option('--type <list>', 'breaking_change,threshold_exceeded')
    .option('--workspace <id>')
    .option('--endpoint <template>')
    .option('--method <m>')
    .option('--since <iso>')
    .option('--until <iso>')
    .option('--limit <n>', 'page size (1..1000)', '50')
    .option('--all', 'follow cursors to the last page')
    .action(async (o: Common & Record<string, string | boolean | undefined>) => {
      const api = client(o);
      const q = new URLSearchParams();
      const set = (k: string, v: unknown) => {
        if (typeof v === 'string' && v !== '') q.set(k, v);
      };
      set('status', o.status);
      set('severity', o.severity);
      set('incident_type', o.type);
      set('workspace_id', o.workspace);
      set('endpoint', o.endpoint);
      set('method', o.method);
      set('since', o.since);
      set('until', o.until);
      set('limit', o.limit);
      const incidents: Incident[] = [];
      let total = 0;
      let cursor: string | null = null;
      do {
        if (cursor) q.set('cursor', cursor);
        const page: { incidents: Incident[]; total: number; next_cursor: string | null } = await api.request(
          'GET',
          `/api/v1/drift/incidents?${q}`,
        );
        incidents.push(...page.incidents);
        total = page.total;
        cursor = o.all ? page.next_cursor : null;
      } while (cursor);
      io.stdout.write(
        o.format === 'json' ? json({ incidents, total }) : renderIncidentList({ incidents, total }),
      );
    });

  common(cmd.command('show <id>'))
    .description('one incident with its findings, samples and timeline')
    .action(async (id: string, o: Common) => {
      const i = await client(o).request<IncidentWithTimeline>(
        'GET',
        `/api/v1/drift/incidents/${encodeURIComponent(id)}`,
      );
      io.stdout.write(o.format === 'json' ? json(i) : renderIncident(i));
    });

  for (const [name, status, what] of [
    ['ack', 'acknowledged', 'acknowledge an open incident'],
    ['resolve', 'resolved', 'resolve an incident'],
  ] as const) {
    common(cmd.command(`${name} <id>`))
      .description(what)
      .option('--note <text>', 'a note for the timeline')
      .action(async (id: string, o: Common & { note?: string }) => {
        const path = `/api/v1/drift/incidents/${encodeURIComponent(id)}`;
        const body = o.note !== undefined ? { note: o.note } : {};
        const i =
          status === 'resolved'
            ? await client(o).request<IncidentWithTimeline>('POST', `${path}/resolve`, body)
            : await client(o).request<IncidentWithTimeline>('PATCH', path, { status, ...body });
        io.stdout.write(o.format === 'json' ? json(i) : `${i.id} is ${i.status}\n`);
      });
  }
}
