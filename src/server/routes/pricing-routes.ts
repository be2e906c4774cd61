/**
 * @module /api/v1/pricing: the prices an org is charged from (any caller) and its overrides (admin).
 * An override applies to the next cost computed on any replica (the price book reads the store each
 * time it prices).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DomainError } from '../../core/errors/domain-error.js';
import type { PriceBook } from '../../services/price-book.js';
import { PriceOverrideQuery, PriceTableWire, PricingQuery, PricingResponse } from '../../shared/pricing.js';
import { callerOf } from '../auth/target-scope.js';
import { presentPricing, priceSettingsOf } from '../presenters/price-presenter.js';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, SECURITY } from './error-responses.js';

const ADMIN = { minRole: 'admin' as const, action: 'manage prices' };
const TAGS = ['pricing'];

export function pricingRoutes(app: FastifyInstance, deps: { prices: PriceBook }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { prices } = deps;

  r.get('/api/v1/pricing', {
    schema: {
      tags: TAGS,
      summary: "The effective prices (USD per 1K tokens) of the caller's org, each saying where it came from: built_in, file or override",
      security: SECURITY,
      querystring: PricingQuery,
      response: { 200: PricingResponse, ...AUTHENTICATED_ERRORS },
    },
    handler: async (request) => {
      const { provider, model } = request.query;
      const answer = presentPricing(await prices.effective(callerOf(request)), provider, model);
      if (!answer) throw new DomainError('PRICE_NOT_FOUND', { provider, model });
      return answer;
    },
  });

  r.put('/api/v1/pricing', {
    config: ADMIN,
    schema: {
      tags: TAGS,
      summary: "Set prices for the caller's org (AxonFlow's price-file shape); other overrides stay. Applies to the next priced call on every replica",
      security: SECURITY,
      body: PriceTableWire,
      response: { 200: PricingResponse, ...BODY_ERRORS },
    },
    handler: async (request) => {
      const caller = callerOf(request);
      return presentPricing(await prices.setOverrides(caller, caller, priceSettingsOf(request.body)))!;
    },
  });

  r.delete('/api/v1/pricing', {
    config: ADMIN,
    schema: {
      tags: TAGS,
      summary: "Remove one of the org's overrides; the file or built-in price applies again",
      security: SECURITY,
      querystring: PriceOverrideQuery,
      response: { 204: z.null(), ...AUTHENTICATED_ERRORS },
    },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      await prices.deleteOverride(caller, caller, request.query.provider, request.query.model);
      return reply.code(204).send(null);
    },
  });
}
