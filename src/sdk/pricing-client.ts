/**
 * @module Pricing (`/api/v1/pricing`): the effective prices (USD per 1K tokens) of the caller's org,
 * each saying where it came from, and the org's overrides (admin). Types are the wire's
 * (src/shared/pricing.ts).
 */
import type { PriceTableWire, PricingResponse } from '../shared/pricing.js';
import type { HttpClient } from './http-client.js';

export type { PriceTableWire as PriceTable, PricingResponse as Pricing };

export class PricingClient {
  constructor(private readonly http: HttpClient) {}

  /** Every effective price; with `provider` and `model`, also the price that call is charged (`resolved`). */
  get(query: { provider?: string; model?: string } = {}): Promise<PricingResponse> {
    return this.http.request('GET', '/api/v1/pricing', { query, idempotent: true });
  }

  /** Sets overrides for the org in AxonFlow's price-file shape; other overrides stay. */
  set(table: PriceTableWire): Promise<PricingResponse> {
    return this.http.request('PUT', '/api/v1/pricing', { body: table, idempotent: true });
  }

  /** Removes one override; the file or built-in price applies again. */
  deleteOverride(provider: string, model: string): Promise<void> {
    return this.http.request('DELETE', '/api/v1/pricing', { query: { provider, model } });
  }
}
