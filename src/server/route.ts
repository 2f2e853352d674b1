// One route = method, url, zod schemas and a handler. The same table registers the routes in Fastify and
// generates GET /api/v1/openapi.json, so the published contract cannot drift from what is validated.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Principal, Role } from './auth.js';

export interface RouteContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly principal: Principal;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

export interface RouteResult {
  readonly status?: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Route<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Fastify syntax (`/api/v1/drift/incidents/:id`). */
  readonly url: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  /** Counts against the per-caller ingestion rate limit. */
  readonly rateLimited?: boolean;
  /** Minimum role; `null` for unauthenticated ops endpoints. */
  readonly role: Role | null;
  readonly params?: P;
  readonly query?: Q;
  /** JSON body schema; routes that stream their body leave it out and set `rawBody`. */
  readonly body?: B;
  /** Body is read by the handler itself (streams); content types it accepts. */
  readonly rawBody?: readonly string[];
  /** Documented responses: status → zod schema (or null for no schema) and description. */
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType }>>;
  readonly handler: (ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<RouteResult>;
}

/** Helps inference: `defineRoute({...})` keeps the schema types for the handler. */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: Route<P, Q, B>,
): Route {
  return route as unknown as Route;
}
