/** @module The OpenAPI 3.1 document, generated from the zod schemas routes declare. */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'AxonFlow Control Plane API',
        version,
        description:
          'Execution control plane for multi-agent LLM workflows, wire-compatible with AxonFlow. Errors carry a stable `code` (docs/errors.md).',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'The client secret as a bearer token' },
          basicAuth: { type: 'http', scheme: 'basic', description: 'client_id:client_secret' },
          clientId: { type: 'apiKey', in: 'header', name: 'X-Client-ID' },
          clientSecret: { type: 'apiKey', in: 'header', name: 'X-Client-Secret' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}
