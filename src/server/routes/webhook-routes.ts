/**
 * @module /api/v1/webhooks (AxonFlow reference §3.7): CRUD (admin writes; operator and above
 * read), the delivery log, test deliveries and redeliveries (operator and above). A webhook lives
 * in one tenant; another tenant's is a 404. Admins act on another tenant of their org with
 * `tenant_id`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebhookService } from '../../services/webhook-service.js';
import {
  CreatedWebhook,
  CreateWebhookRequest,
  ListDeliveriesQuery,
  UpdateWebhookRequest,
  WebhookDeliveryList,
  WebhookDeliveryParams,
  WebhookDeliveryWire,
  WebhookIdParams,
  WebhookList,
  WebhookTenantQuery,
  WebhookWire,
} from '../../shared/webhooks.js';
import { callerOf, targetScope } from '../auth/target-scope.js';
import { presentDelivery, presentWebhook } from '../presenters/webhook-presenter.js';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, SECURITY } from './error-responses.js';

const ADMIN = { minRole: 'admin' as const, action: 'manage webhooks' };
const READ = { minRole: 'operator' as const, action: 'read webhooks' };
const OPERATE = { minRole: 'operator' as const, action: 'test or redeliver webhooks' };
const TAGS = ['webhooks'];

export function webhookRoutes(app: FastifyInstance, deps: { webhooks: WebhookService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { webhooks } = deps;

  r.post('/api/v1/webhooks', {
    config: ADMIN,
    schema: {
      tags: TAGS,
      summary: 'Create a webhook; the answer carries its secret, once. It receives events from now on (no history)',
      security: SECURITY,
      body: CreateWebhookRequest,
      response: { 201: CreatedWebhook, ...BODY_ERRORS },
    },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const b = request.body;
      const { webhook, secret } = await webhooks.create(caller, targetScope(caller, b.tenant_id), {
        url: b.url,
        events: b.events,
        format: b.format,
        secret: b.secret,
        enabled: b.enabled,
        description: b.description,
      });
      return reply.code(201).send({ ...presentWebhook(webhook), secret });
    },
  });

  r.get('/api/v1/webhooks', {
    config: READ,
    schema: { tags: TAGS, summary: 'The webhooks of a tenant, oldest first', security: SECURITY, querystring: WebhookTenantQuery, response: { 200: WebhookList, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const list = await webhooks.list(targetScope(callerOf(request), request.query.tenant_id));
      return { webhooks: list.map(presentWebhook), count: list.length };
    },
  });

  r.get('/api/v1/webhooks/:id', {
    config: READ,
    schema: { tags: TAGS, summary: 'Read a webhook (the secret shows only as `secret_hint`)', security: SECURITY, params: WebhookIdParams, querystring: WebhookTenantQuery, response: { 200: WebhookWire, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => presentWebhook(await webhooks.get(targetScope(callerOf(request), request.query.tenant_id), request.params.id)),
  });

  r.put('/api/v1/webhooks/:id', {
    config: ADMIN,
    schema: {
      tags: TAGS,
      summary: 'Change a webhook (members left out keep their value)',
      security: SECURITY,
      params: WebhookIdParams,
      querystring: WebhookTenantQuery,
      body: UpdateWebhookRequest,
      response: { 200: WebhookWire, ...BODY_ERRORS },
    },
    handler: async (request) => {
      const caller = callerOf(request);
      const b = request.body;
      const updated = await webhooks.update(caller, targetScope(caller, request.query.tenant_id), request.params.id, {
        url: b.url,
        events: b.events,
        format: b.format,
        secret: b.secret,
        enabled: b.enabled,
        description: b.description,
      });
      return presentWebhook(updated);
    },
  });

  r.delete('/api/v1/webhooks/:id', {
    config: ADMIN,
    schema: { tags: TAGS, summary: 'Delete a webhook and its delivery log (audited)', security: SECURITY, params: WebhookIdParams, querystring: WebhookTenantQuery, response: { 204: z.null(), ...AUTHENTICATED_ERRORS } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      await webhooks.delete(caller, targetScope(caller, request.query.tenant_id), request.params.id);
      return reply.code(204).send(null);
    },
  });

  r.get('/api/v1/webhooks/:id/deliveries', {
    config: READ,
    schema: {
      tags: TAGS,
      summary: "A webhook's deliveries, newest first, each with its attempts",
      security: SECURITY,
      params: WebhookIdParams,
      querystring: ListDeliveriesQuery,
      response: { 200: WebhookDeliveryList, ...AUTHENTICATED_ERRORS },
    },
    handler: async (request) => {
      const q = request.query;
      const list = await webhooks.deliveries(targetScope(callerOf(request), q.tenant_id), request.params.id, { status: q.status, limit: q.limit });
      return { deliveries: list.map(presentDelivery), count: list.length };
    },
  });

  r.post('/api/v1/webhooks/:id/test', {
    config: OPERATE,
    schema: {
      tags: TAGS,
      summary: 'Queue a signed `webhook.test` delivery (whatever the filter); follow it in the delivery log',
      security: SECURITY,
      params: WebhookIdParams,
      querystring: WebhookTenantQuery,
      response: { 202: WebhookDeliveryWire, ...BODY_ERRORS },
    },
    handler: async (request, reply) => {
      const delivery = await webhooks.test(targetScope(callerOf(request), request.query.tenant_id), request.params.id);
      return reply.code(202).send(presentDelivery(delivery));
    },
  });

  r.post('/api/v1/webhooks/:id/deliveries/:delivery_id/redeliver', {
    config: OPERATE,
    schema: {
      tags: TAGS,
      summary: 'Send a delivery again now (same delivery id and body); a finished one gets a new round of attempts',
      security: SECURITY,
      params: WebhookDeliveryParams,
      querystring: WebhookTenantQuery,
      response: { 202: WebhookDeliveryWire, ...BODY_ERRORS },
    },
    handler: async (request, reply) => {
      const delivery = await webhooks.redeliver(targetScope(callerOf(request), request.query.tenant_id), request.params.id, request.params.delivery_id);
      return reply.code(202).send(presentDelivery(delivery));
    },
  });
}
