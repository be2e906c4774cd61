/**
 * @module The Execution Viewer's static files (`vite build` output, dist/ui) at `/ui`. Hashed
 * assets are cached forever; every other path under /ui answers index.html (no-cache), so client
 * routes such as /ui/executions/{id} deep-link. Public, hidden from OpenAPI: the files hold no
 * data, and the UI reads everything through the public API with the signed-in credential.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = '<!doctype html><title>AxonFlow</title><p>The Execution Viewer is not built: run <code>npm run build</code>.</p>';

export function uiRoutes(app: FastifyInstance, deps: { dir: string }): void {
  const root = normalize(deps.dir);
  const indexPath = join(root, 'index.html');
  // Read once when present; a missing build answers a hint instead of a 404 (dev with tsx).
  const index = () => (existsSync(indexPath) ? readFileSync(indexPath) : Buffer.from(NOT_BUILT));
  const sendIndex = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').type(TYPES['.html']!).send(index());

  const config = { public: true };
  const schema = { hide: true };
  app.get('/ui', { config, schema }, async (_request, reply) => reply.redirect('/ui/', 302));
  app.get('/ui/*', { config, schema }, async (request, reply) => {
    const rest = (request.params as { '*'?: string })['*'] ?? '';
    const file = normalize(join(root, rest));
    if (rest && (file === root || file.startsWith(root + sep)) && isFile(file)) {
      const immutable = rest.startsWith('assets/');
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return reply.type(TYPES[extname(file)] ?? 'application/octet-stream').send(await readFile(file));
    }
    // A missing asset is a 404; any other path is a client route.
    if (rest.startsWith('assets/')) return reply.code(404).type('text/plain').send('not found');
    return sendIndex(reply);
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
