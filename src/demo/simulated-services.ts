/**
 * @module Simulated LLM providers and connectors for the demo: realistic latencies, token counts
 * and failures, all in process. Nothing leaves the machine.
 */
import { ConnectorError, ProviderError, type StepContext } from '../sdk/index.js';

export type Random = () => number;

/** Randomness and a time scale (tests run the same scenarios at a tenth of the latency). */
export interface Simulation {
  readonly random: Random;
  readonly scale: number;
}

export function realTime(random: Random = Math.random): Simulation {
  return { random, scale: 1 };
}

/** A seeded generator (mulberry32), for reproducible demo runs in tests. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function between(random: Random, min: number, max: number): number {
  return Math.round(min + random() * (max - min));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface LlmCallPlan {
  readonly provider: string;
  readonly model: string;
  readonly tokensIn: readonly [number, number];
  readonly tokensOut: readonly [number, number];
  readonly latencyMs: readonly [number, number];
  /** Fail with this provider error instead of answering. */
  readonly failWith?: string;
}

/** One simulated model call, recorded on the step; throws ProviderError when planned to fail. */
export async function callModel<T>(sim: Simulation, ctx: StepContext, signal: AbortSignal, plan: LlmCallPlan, answer: T): Promise<T> {
  const random = sim.random;
  const latencyMs = between(random, ...plan.latencyMs);
  await pause(latencyMs * sim.scale, signal);
  if (plan.failWith) {
    ctx.recordLlmCall({ provider: plan.provider, model: plan.model, tokensIn: between(random, ...plan.tokensIn), tokensOut: 0, latencyMs, status: 'error', error: plan.failWith, costUsd: 0 });
    throw new ProviderError(plan.failWith);
  }
  ctx.recordLlmCall({
    provider: plan.provider,
    model: plan.model,
    tokensIn: between(random, ...plan.tokensIn),
    tokensOut: between(random, ...plan.tokensOut),
    tokensCached: random() < 0.4 ? between(random, 200, 800) : 0,
    latencyMs,
  });
  return answer;
}

export interface ConnectorCallPlan {
  readonly connector: string;
  readonly operation: string;
  readonly latencyMs: readonly [number, number];
  readonly failWith?: { readonly message: string; readonly type: string };
}

/** One simulated connector call, recorded on the step; throws ConnectorError when planned to fail. */
export async function callConnector<T>(sim: Simulation, ctx: StepContext, signal: AbortSignal, plan: ConnectorCallPlan, answer: T): Promise<T> {
  const latencyMs = between(sim.random, ...plan.latencyMs);
  await pause(latencyMs * sim.scale, signal);
  ctx.recordConnectorCall({ connector: plan.connector, operation: plan.operation, latencyMs, status: plan.failWith ? 'error' : 'ok', error: plan.failWith?.message, errorType: plan.failWith?.type });
  if (plan.failWith) throw new ConnectorError(plan.failWith.message);
  return answer;
}
