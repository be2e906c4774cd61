/** @module What the browser tests and `npm run bench:ui` share: Debian Chromium, its flags, and a built UI. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
/** No sandbox (root in CI), no GPU, and nothing that reaches the network by itself. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds the UI when dist/ui is missing (a bare `npx vitest run`; `npm test` builds first). */
export function ensureUiBuilt(): void {
  if (!existsSync(`${ROOT}dist/ui/index.html`)) execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}
