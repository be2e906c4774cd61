/** @module Health and readiness bodies. */
import { z } from 'zod';

export const Health = z.object({ status: z.literal('ok'), version: z.string(), uptime_s: z.number() }).meta({ id: 'Health' });
export const Ready = z.object({ status: z.literal('ready'), store: z.string() }).meta({ id: 'Ready' });

export type Health = z.infer<typeof Health>;
export type Ready = z.infer<typeof Ready>;
