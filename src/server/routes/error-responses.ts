/** @module The error responses routes declare in OpenAPI, by kind of route. */
import { z } from 'zod';
import { ErrorEnvelope, NestedErrorEnvelope } from '../../shared/common.js';

/** Every authenticated route can answer these (429: rate limits, docs/security.md). */
export const AUTHENTICATED_ERRORS = {
  400: ErrorEnvelope,
  401: ErrorEnvelope,
  403: ErrorEnvelope,
  404: ErrorEnvelope,
  429: ErrorEnvelope,
  503: ErrorEnvelope,
} as const;

/** Routes with a body can also refuse its size or type. */
export const BODY_ERRORS = { ...AUTHENTICATED_ERRORS, 409: ErrorEnvelope, 413: ErrorEnvelope, 415: ErrorEnvelope } as const;

export const SECURITY: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { basicAuth: [] }, { clientId: [], clientSecret: [] }];

/** WCP routes: some 409s come in AxonFlow's nested, structured form. */
export const WCP_ERRORS = { ...BODY_ERRORS, 409: z.union([ErrorEnvelope, NestedErrorEnvelope]) } as const;
