// GET /api/v1/openapi.json: the server's own contract, generated from the route table's zod schemas.
import { z } from 'zod';
import type { Route } from './route.js';

type Obj = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Obj {
  const s = z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' }) as Obj;
  delete s.$schema;
  return s;
}

/** Fastify `/a/:id` → OpenAPI `/a/{id}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(route: Route): Obj[] {
  const out: Obj[] = [];
  const add = (where: 'path' | 'query', schema: z.ZodType | undefined) => {
    if (!schema) return;
    const js = jsonSchema(schema, 'input');
    const props = (js.properties ?? {}) as Record<string, Obj>;
    const required = new Set((js.required ?? []) as string[]);
    for (const [name, s] of Object.entries(props)) {
      const { description, ...rest } = s;
      out.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  };
  add('path', route.params);
  add('query', route.query);
  return out;
}

const PROBLEM = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

export function buildOpenApi(routes: readonly Route[], version: string): Obj {
  const paths: Record<string, Obj> = {};
  for (const r of [...routes].sort(
    (a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method),
  )) {
    const path = openApiPath(r.url);
    const responses: Obj = {};
    for (const [status, res] of Object.entries(r.responses)) {
      responses[status] = {
        description: res.description,
        ...(res.schema
          ? { content: { 'application/json': { schema: jsonSchema(res.schema, 'output') } } }
          : {}),
      };
    }
    responses.default = {
      description: 'Error (RFC 9457)',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    const op: Obj = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [...r.tags],
      responses,
    };
    const params = parameters(r);
    if (params.length > 0) op.parameters = params;
    if (r.body) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
      };
    } else if (r.rawBody) {
      op.requestBody = {
        required: true,
        content: Object.fromEntries(r.rawBody.map((ct) => [ct, { schema: {} }])),
      };
    }
    if (r.role !== null) op.security = [{ bearer: [] }];
    paths[path] = { ...(paths[path] ?? {}), [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'driftgate API', version },
    paths,
    components: {
      schemas: { Problem: PROBLEM },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
