/**
 * @module The retry schedule of deliveries and what one attempt's result means for its delivery.
 * Pure: the dispatcher passes the time and the randomness.
 */
import type { DeliveryStatus, WebhookDisabledReason } from './webhook.js';

export interface RetryPolicy {
  /** Attempts per delivery (a redelivery starts a new count). */
  readonly maxAttempts: number;
  /** The wait before attempt n+1 is `delaysMs[n-1]` (the last entry repeats), with jitter. */
  readonly delaysMs: readonly number[];
  /** Each wait is scaled by a factor in [1 - jitter, 1 + jitter], so failing receivers are not hit in lockstep. */
  readonly jitter: number;
}

/** 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h: eight attempts over about five hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  delaysMs: [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000],
  jitter: 0.2,
};

/** The result of sending: the HTTP status the receiver answered, or why there was none. */
export type SendResult = { readonly status: number } | { readonly error: string };

export interface AttemptOutcome {
  readonly status: DeliveryStatus;
  readonly nextAttemptAt?: string;
  /** Set when the receiver asked never to be called again (410 Gone). */
  readonly disableWebhook?: WebhookDisabledReason;
}

/** Delay before the next attempt after `attemptInRound` attempts (1-based) of this round. */
export function retryDelayMs(policy: RetryPolicy, attemptInRound: number, random: number): number {
  const base = policy.delaysMs[Math.min(attemptInRound - 1, policy.delaysMs.length - 1)] ?? 0;
  return Math.max(0, Math.round(base * (1 - policy.jitter + 2 * policy.jitter * random)));
}

/**
 * 2xx: delivered. 410 Gone: failed at once and the webhook is disabled (the receiver said the
 * endpoint is gone; retrying for hours helps nobody). Anything else (another status, a timeout, a
 * refused connection, a redirect): retried until the round's attempts are spent, then failed.
 */
export function attemptOutcome(policy: RetryPolicy, result: SendResult, attemptInRound: number, nowMs: number, random: number): AttemptOutcome {
  if ('status' in result && result.status >= 200 && result.status < 300) return { status: 'delivered' };
  if ('status' in result && result.status === 410) return { status: 'failed', disableWebhook: 'gone' };
  if (attemptInRound >= policy.maxAttempts) return { status: 'failed' };
  return { status: 'pending', nextAttemptAt: new Date(nowMs + retryDelayMs(policy, attemptInRound, random)).toISOString() };
}
