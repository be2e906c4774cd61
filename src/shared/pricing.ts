/**
 * @module The pricing wire: AxonFlow's price-file shape `{providers: {p: {model: {input_per_1k,
 * output_per_1k}}}}` (USD per 1,000 tokens; `*` is a provider's fallback model), used by the
 * `--pricing` file and by `PUT /api/v1/pricing`, and the effective prices `GET` answers with.
 */
import { z } from 'zod';

const PerThousand = z.number().min(0).max(1000).meta({ description: 'USD per 1,000 tokens' });
/** Provider and model names as clients report them: no spaces or control characters. */
export const PriceName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s\u0000-\u001f\u007f]+$/, 'may not contain spaces or control characters');

export const ModelPriceWire = z
  .object({
    input_per_1k: PerThousand,
    output_per_1k: PerThousand,
    cached_input_per_1k: PerThousand.optional().meta({ description: 'Cached input tokens; default 10% of input_per_1k' }),
  })
  .strict()
  .meta({ id: 'ModelPrice' });

export const PriceTableWire = z
  .object({
    providers: z
      .record(PriceName, z.record(PriceName, ModelPriceWire).refine((models) => Object.keys(models).length > 0, 'each provider must list at least one model'))
      .refine((providers) => Object.keys(providers).length > 0, 'must list at least one provider')
      .meta({ description: 'provider → model → price; model `*` prices the models of a provider it does not list' }),
  })
  .strict()
  .meta({ id: 'PriceTable' });

export const PriceSourceWire = z.enum(['built_in', 'file', 'override']).meta({ id: 'PriceSource' });

export const PriceEntryWire = z
  .object({
    provider: z.string(),
    model: z.string(),
    input_per_1k: z.number(),
    output_per_1k: z.number(),
    cached_input_per_1k: z.number().optional(),
    source: PriceSourceWire,
  })
  .meta({ id: 'PriceEntry' });

export const PricingQuery = z
  .object({
    provider: PriceName.optional(),
    model: PriceName.optional().meta({ description: 'With provider: the price a call to this model is charged (exact, prefix or the `*` fallback)' }),
  })
  .strict()
  .refine((q) => q.model === undefined || q.provider !== undefined, { message: 'model needs provider', path: ['provider'] });

export const PriceOverrideQuery = z.object({ provider: PriceName, model: PriceName }).strict();

export const PricingResponse = z
  .object({
    prices: z.array(PriceEntryWire),
    count: z.number().int(),
    resolved: z
      .object({
        provider: z.string(),
        model: z.string(),
        priced_as: z.string().meta({ description: 'The table model that prices it' }),
        matched: z.enum(['exact', 'prefix', 'provider_default']),
        input_per_1k: z.number(),
        output_per_1k: z.number(),
        cached_input_per_1k: z.number().optional(),
        source: PriceSourceWire,
      })
      .optional(),
  })
  .meta({ id: 'PricingResponse' });

export type PriceTableWire = z.infer<typeof PriceTableWire>;
export type PricingResponse = z.infer<typeof PricingResponse>;
