// Prometheus metrics (GET /metrics): request latency by route TEMPLATE (never raw paths, so cardinality
// stays bounded), drift events and incidents by outcome, and evaluation latency.
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Route } from './route.js';

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: 'driftgate_http_request_duration_seconds',
    help: 'HTTP request latency by route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly driftEvents = new Counter({
    name: 'driftgate_drift_findings_total',
    help: 'Findings ingested, by source, level and operation template',
    labelNames: ['source', 'level', 'operation'],
    registers: [this.registry],
  });
  readonly incidents = new Counter({
    name: 'driftgate_incidents_total',
    help: 'Incidents opened or updated, by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly evaluations = new Histogram({
    name: 'driftgate_evaluation_duration_seconds',
    help: 'Time to analyse/diff and evaluate budgets for one ingestion',
    labelNames: ['source'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'driftgate_' });
  }

  observeRequest(route: Route, status: number, seconds: number): void {
    this.requests.labels(route.method, route.url, String(status)).observe(seconds);
  }
}
