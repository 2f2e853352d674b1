// Webhook delivery log (issue 7): list deliveries, one with its attempt log, redeliver one (same delivery
// id, so receivers dedupe). Admin only: a delivery's webhook serves every workspace it subscribes to.
import { z } from 'zod';
import {
  type DeliveriesDeps,
  getDelivery,
  listDeliveries,
  redeliverDelivery,
} from '../../app/notify-deliveries.js';
import { NOTIFICATION_EVENTS } from '../../ports/outbox-store.js';
import type { ServerContext } from '../context.js';
import { defineRoute, type Route } from '../route.js';

export function deliveryRoutes(ctx: ServerContext, deps: DeliveriesDeps): Route[] {
  const Id = z.object({ id: z.string().min(1) });
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/drift/notifications/deliveries',
      operationId: 'listDeliveries',
      summary: 'Webhook deliveries, newest first (filters: status, event_type, webhook, event_id)',
      tags: ['notifications'],
      role: 'admin',
      query: z.object({
        status: z.enum(['pending', 'delivered', 'dead']).optional(),
        event_type: z.enum(NOTIFICATION_EVENTS).optional(),
        webhook: z.string().optional(),
        event_id: z.string().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
        cursor: z.string().optional(),
      }),
      responses: { 200: { description: 'A page of deliveries' } },
      handler: async ({ query }) => {
        const page = await listDeliveries(
          deps,
          {
            ...(query.status ? { status: query.status } : {}),
            ...(query.event_type ? { event_type: query.event_type } : {}),
            ...(query.webhook ? { target: query.webhook } : {}),
            ...(query.event_id ? { event_id: query.event_id } : {}),
          },
          { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) },
        );
        return { body: { deliveries: page.items, next_cursor: page.next_cursor } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/drift/notifications/deliveries/:id',
      operationId: 'getDelivery',
      summary: 'One delivery with every attempt (status code, duration, error)',
      tags: ['notifications'],
      role: 'admin',
      params: Id,
      responses: { 200: { description: 'The delivery and its attempt log' } },
      handler: async ({ params }) => ({ body: await getDelivery(deps, params.id) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/drift/notifications/deliveries/:id/redeliver',
      operationId: 'redeliverDelivery',
      summary: 'Queue a delivered or dead delivery again, due now, with the same delivery id',
      tags: ['notifications'],
      role: 'admin',
      params: Id,
      responses: { 200: { description: 'The delivery, pending again' } },
      handler: async ({ params }) => ({
        body: await redeliverDelivery(deps, params.id, ctx.clock.now().toISOString()),
      }),
    }),
  ];
}
