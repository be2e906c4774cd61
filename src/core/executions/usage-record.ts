/**
 * @module UsageRecord: tokens and cost of one provider call (or of a step that reported totals
 * without calls), kept with the workflow and agent so spend can be grouped any way.
 */

export interface UsageRecord {
  readonly usageId: string;
  /** Seq of the event that produced it: usage is listed in log order. */
  readonly seq: number;
  readonly executionId: string;
  readonly stepId?: string;
  readonly at: string;
  readonly workflowName: string;
  readonly agentId?: string;
  readonly provider: string;
  readonly model: string;
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly tokensCached: number;
  readonly costUsd: number;
}
