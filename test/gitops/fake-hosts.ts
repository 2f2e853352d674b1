// A local HTTP server on 127.0.0.1 that serves the GitHub and GitLab REST endpoints driftgate calls, keeps
// pull/merge requests in memory, and records every exchange (for the dogfooding check against GitHub's spec).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Exchange } from '../../src/core/traffic/exchange.js';

export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
  labels: string[];
  reviewers: string[];
  team_reviewers: string[];
  html_url: string;
}

export interface FakeMergeRequest {
  iid: number;
  title: string;
  description: string;
  source_branch: string;
  target_branch: string;
  state: 'opened' | 'closed';
  labels: string[];
  reviewer_ids: number[];
  web_url: string;
}

export interface FakeHosts {
  readonly url: string;
  readonly exchanges: Exchange[];
  readonly pulls: FakePull[];
  readonly mergeRequests: FakeMergeRequest[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

export async function startFakeHosts(): Promise<FakeHosts> {
  const exchanges: Exchange[] = [];
  const pulls: FakePull[] = [];
  const mergeRequests: FakeMergeRequest[] = [];
  let base = '';
  const server: Server = createServer(async (req, res) => {
    const body = (await readBody(req)) as Record<string, unknown> | undefined;
    const url = new URL(req.url ?? '/', base);
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(text);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      exchanges.push({
        id: `x${exchanges.length + 1}`,
        request: {
          method: req.method ?? 'GET',
          url: `${url.pathname}${url.search}`,
          headers,
          ...(body === undefined ? {} : { body }),
        },
        response: { status, headers: { 'content-type': 'application/json' }, body: payload },
      });
    };
    const p = url.pathname;
    let m: RegExpExecArray | null;
    // GitHub
    m = /^\/github\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(p);
    if (m) {
      if (req.headers.authorization !== 'Bearer gh-token') return send(401, { message: 'Bad credentials' });
      if (req.method === 'GET') {
        const head = url.searchParams.get('head');
        return send(
          200,
          pulls.filter(
            (x) =>
              x.state === 'open' && `${m![1]}:${x.head}` === head && x.base === url.searchParams.get('base'),
          ),
        );
      }
      if (req.method === 'POST') {
        const b = body as { title: string; body: string; head: string; base: string };
        if (pulls.some((x) => x.state === 'open' && x.head === b.head)) {
          return send(422, {
            message: 'Validation Failed',
            errors: [{ message: 'A pull request already exists' }],
          });
        }
        const pr: FakePull = {
          number: pulls.length + 1,
          title: b.title,
          body: b.body,
          head: b.head,
          base: b.base,
          state: 'open',
          labels: [],
          reviewers: [],
          team_reviewers: [],
          html_url: `https://github.example/${m[1]}/${m[2]}/pull/${pulls.length + 1}`,
        };
        pulls.push(pr);
        return send(201, pr);
      }
    }
    m = /^\/github\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/.exec(p);
    if (m && req.method === 'PATCH') {
      const pr = pulls.find((x) => x.number === Number(m![1]));
      if (!pr) return send(404, { message: 'Not Found' });
      Object.assign(pr, { title: body?.title ?? pr.title, body: body?.body ?? pr.body });
      return send(200, pr);
    }
    m = /^\/github\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/labels$/.exec(p);
    if (m && req.method === 'POST') {
      const pr = pulls.find((x) => x.number === Number(m![1]));
      if (!pr) return send(404, { message: 'Not Found' });
      for (const l of (body?.labels as string[]) ?? []) if (!pr.labels.includes(l)) pr.labels.push(l);
      return send(
        200,
        pr.labels.map((name, i) => ({ id: i + 1, name })),
      );
    }
    m = /^\/github\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/requested_reviewers$/.exec(p);
    if (m && req.method === 'POST') {
      const pr = pulls.find((x) => x.number === Number(m![1]));
      if (!pr) return send(404, { message: 'Not Found' });
      if (((body?.reviewers as string[]) ?? []).includes('stranger')) {
        return send(422, {
          message:
            'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the acme/users repository.',
        });
      }
      pr.reviewers.push(...((body?.reviewers as string[]) ?? []));
      pr.team_reviewers.push(...((body?.team_reviewers as string[]) ?? []));
      return send(201, pr);
    }
    // GitLab
    if (p === '/gitlab/api/v4/users' && req.method === 'GET') {
      const username = url.searchParams.get('username');
      return send(200, username === 'alice' ? [{ id: 11, username: 'alice' }] : []);
    }
    m = /^\/gitlab\/api\/v4\/projects\/([^/]+)\/merge_requests$/.exec(p);
    if (m) {
      if (req.headers['private-token'] !== 'gl-token') return send(401, { message: '401 Unauthorized' });
      if (req.method === 'GET') {
        return send(
          200,
          mergeRequests.filter(
            (x) =>
              x.state === 'opened' &&
              x.source_branch === url.searchParams.get('source_branch') &&
              x.target_branch === url.searchParams.get('target_branch'),
          ),
        );
      }
      if (req.method === 'POST') {
        const b = body as Record<string, unknown>;
        const mr: FakeMergeRequest = {
          iid: mergeRequests.length + 1,
          title: String(b.title),
          description: String(b.description),
          source_branch: String(b.source_branch),
          target_branch: String(b.target_branch),
          state: 'opened',
          labels: typeof b.labels === 'string' ? b.labels.split(',') : [],
          reviewer_ids: (b.reviewer_ids as number[]) ?? [],
          web_url: `https://gitlab.example/${decodeURIComponent(m[1]!)}/-/merge_requests/${mergeRequests.length + 1}`,
        };
        mergeRequests.push(mr);
        return send(201, mr);
      }
    }
    m = /^\/gitlab\/api\/v4\/projects\/[^/]+\/merge_requests\/(\d+)$/.exec(p);
    if (m && req.method === 'PUT') {
      const mr = mergeRequests.find((x) => x.iid === Number(m![1]));
      if (!mr) return send(404, { message: '404 Not found' });
      Object.assign(mr, { title: body?.title ?? mr.title, description: body?.description ?? mr.description });
      return send(200, mr);
    }
    return send(404, { message: `no route ${req.method} ${p}` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    exchanges,
    pulls,
    mergeRequests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
