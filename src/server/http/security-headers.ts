/**
 * @module Security headers on every response (@fastify/helmet; docs/security.md, decision 0016).
 *
 * - API responses are data, never documents: `default-src 'none'` lets a browser that renders one
 *   load nothing and run nothing, and `frame-ancestors 'none'` keeps them out of frames.
 * - The Execution Viewer (`/ui`) loads only its own files: scripts and style sheets from 'self', no
 *   inline script or `<style>` (the vite build emits none), images from 'self' and `data:` (the
 *   empty favicon), API calls and streams to 'self'. Inline `style` attributes stay refused: React
 *   applies `style` props through the CSSOM (`element.style`), which CSP does not govern, and uPlot
 *   does the same, so no 'unsafe-inline' is needed anywhere.
 * - `upgrade-insecure-requests` (a helmet default) is left out: it would break a deployment served
 *   over plain HTTP, the default on localhost. HSTS is sent (browsers ignore it over HTTP) without
 *   `includeSubDomains`, which would bind sibling hosts this server does not own.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const API_POLICY = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export const UI_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const UI_PREFIX = '/ui';

/** Registers the headers on every route added afterwards, and on 404s; call it before the routes. */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  // Before helmet's own onRoute hook, so the viewer's routes carry their policy when it reads them.
  app.addHook('onRoute', (route) => {
    if (route.url === UI_PREFIX || route.url.startsWith(`${UI_PREFIX}/`)) {
      route.helmet = { contentSecurityPolicy: { useDefaults: false, directives: UI_POLICY } };
    }
  });
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: API_POLICY },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    xFrameOptions: { action: 'deny' },
  });
}

/** The headers a response written straight to the socket gets (errors before a request is read). */
export const BARE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': Object.entries(API_POLICY)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
