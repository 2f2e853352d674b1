// POST /api/v1/drift/exchanges: a JSON array of exchanges, or a JSONL stream (application/x-ndjson),
// analysed against the workspace's registered contract; findings go through the budget/incident pipeline.
// JSONL is read line by line from the socket with a byte cap (413 beyond it); bad lines are counted.
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { exchangeFromRecord } from '../../adapters/traffic/records.js';
import { type AnalyzerCache, ingestExchanges } from '../../app/ingest-exchanges.js';
import { DriftgateError } from '../../core/errors.js';
import type { Exchange } from '../../core/traffic/index.js';
import { assertWorkspace } from '../auth.js';
import type { ServerContext } from '../context.js';
import { HttpProblem } from '../problem.js';
import { defineRoute, type Route } from '../route.js';

export const JSONL_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines'] as const;

export interface MalformedLine {
  readonly line: number;
  readonly message: string;
}

/** Exchanges from a JSONL byte stream, one line at a time; at most `limit` bytes are read. */
export async function* jsonlExchanges(
  stream: Readable,
  limit: number,
  malformed: MalformedLine[],
): AsyncGenerator<Exchange> {
  let bytes = 0;
  let carry = '';
  let line = 0;
  const parse = (text: string): Exchange | null => {
    line++;
    if (text.trim() === '') return null;
    let rec: unknown;
    try {
      rec = JSON.parse(text);
    } catch (e) {
      malformed.push({ line, message: `not JSON: ${(e as Error).message}` });
      return null;
    }
    const ex = exchangeFromRecord(rec, `line ${line}`);
    if (typeof ex === 'string') {
      malformed.push({ line, message: ex });
      return null;
    }
    return ex;
  };
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    if (bytes > limit) {
      stream.destroy();
      throw new HttpProblem(
        413,
        'Content Too Large',
        `the JSONL body is over the ${limit}-byte limit`,
        'request.too_large',
      );
    }
    carry += buf.toString('utf8');
    let nl = carry.indexOf('\n');
    while (nl >= 0) {
      const ex = parse(carry.slice(0, nl));
      carry = carry.slice(nl + 1);
      if (ex) yield ex;
      nl = carry.indexOf('\n');
    }
  }
  const last = parse(carry);
  if (last) yield last;
}

function* arrayExchanges(body: unknown, malformed: MalformedLine[]): Generator<Exchange> {
  if (!Array.isArray(body)) {
    throw new DriftgateError(
      'request.invalid',
      'expected a JSON array of exchanges (or JSONL with content-type application/x-ndjson)',
      {
        pointer: 'body',
      },
    );
  }
  for (const [i, rec] of body.entries()) {
    const ex = exchangeFromRecord(rec, `item ${i}`);
    if (typeof ex === 'string') malformed.push({ line: i, message: ex });
    else yield ex;
  }
}

export function exchangeRoutes(ctx: ServerContext, analyzers: AnalyzerCache): Route[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/drift/exchanges',
      operationId: 'ingestExchanges',
      summary:
        'Analyse exchanges (JSON array or JSONL) against the workspace contract; drift goes to budgets and incidents',
      tags: ['ingestion'],
      role: 'writer',
      rateLimited: true,
      query: z.object({ workspace_id: z.string().min(1), service_name: z.string().min(1).optional() }),
      rawBody: ['application/json', ...JSONL_TYPES],
      responses: { 200: { description: 'Analysis summary, aggregated mismatches and incident ids' } },
      handler: async ({ principal, query, request }) => {
        assertWorkspace(principal, query.workspace_id, 'workspace');
        const malformed: MalformedLine[] = [];
        const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const exchanges = (JSONL_TYPES as readonly string[]).includes(type)
          ? jsonlExchanges(request.body as Readable, ctx.ingestLimitBytes, malformed)
          : arrayExchanges(request.body, malformed);
        const started = process.hrtime.bigint();
        const result = await ingestExchanges(
          {
            store: ctx.store,
            newId: ctx.newId,
            configBudgets: ctx.configBudgets,
            rules: ctx.rules,
            analyzers,
          },
          {
            workspaceId: query.workspace_id,
            service: query.service_name ?? '',
            exchanges,
            malformed: () => malformed.length,
            now: ctx.clock.now(),
            actor: principal.name,
          },
        );
        ctx.metrics.evaluations.labels('traffic').observe(Number(process.hrtime.bigint() - started) / 1e9);
        for (const m of result.mismatches) {
          ctx.metrics.driftEvents
            .labels('traffic', m.level, m.method && m.path ? `${m.method} ${m.path}` : '*')
            .inc(m.count);
        }
        const created = result.ingest.created_incident_ids.length;
        if (result.ingest.incident_ids.length > 0 && result.ingest.report.budget_exceeded) {
          ctx.onIncidents(query.workspace_id, result.ingest.incident_ids);
        }
        ctx.metrics.incidents.labels('created').inc(created);
        ctx.metrics.incidents.labels('updated').inc(result.ingest.incident_ids.length - created);
        return {
          body: {
            contract_id: result.contract_id,
            summary: result.summary,
            malformed: malformed.slice(0, 100),
            mismatches: result.mismatches.map((m) => ({
              type: m.type,
              direction: m.direction,
              severity: m.severity,
              level: m.level,
              operation: m.method && m.path ? `${m.method} ${m.path}` : null,
              status: m.status,
              location: m.location,
              count: m.count,
              first_seen: m.firstSeen,
              last_seen: m.lastSeen,
              expected: m.expected,
              observed: m.observed,
              message: m.message,
              sample_exchange: m.sampleExchangeIds[0] ?? null,
            })),
            evaluation: result.ingest.report,
            incident_ids: result.ingest.incident_ids,
          },
        };
      },
    }),
  ];
}
