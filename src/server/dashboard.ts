// The dashboard: one static page (public/dashboard.html) that reads the REST API from the browser, served
// at `/` and `/incidents/{id}` (the link notifications put in Slack and Jira). Not part of the API contract.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const PAGE = new URL('../../public/dashboard.html', import.meta.url);

export function registerDashboard(app: FastifyInstance): void {
  const html = readFileSync(PAGE, 'utf8');
  const send = async (
    _req: unknown,
    reply: { type(t: string): { header(k: string, v: string): { send(b: string): unknown } } },
  ) =>
    reply
      .type('text/html; charset=utf-8')
      .header(
        'content-security-policy',
        "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:",
      )
      .send(html);
  app.get('/', send);
  app.get('/incidents/:id', send);
}
