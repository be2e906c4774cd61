/**
 * `npm run bench:ui`: the Execution Viewer's numbers, reported (not asserted): the time to the
 * first rendered row of the executions list with 10,000 runs stored (SQLite, served by the real
 * server, measured in Debian Chromium from navigation start), the time until all 10,000 rows are
 * listed, the frame time while scrolling through them, and the bundle size gzipped. Needs
 * /usr/bin/chromium and a built UI (`npm run build`). Writes bench/results/ui.{json,md}.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { IngestEvent } from '../src/shared/ingest.js';
import { startLiveApp } from '../src/test-support/live-app.js';
import { sqliteHarness } from '../src/test-support/store-harness.js';
import { CHROMIUM, CHROMIUM_ARGS, ensureUiBuilt } from '../web/e2e/browser.js';
import { benchEnvironment } from './bench-env.js';

const RUNS = Number(process.env.BENCH_UI_RUNS ?? 10_000);
const SAMPLES = 5;
const ASSETS = new URL('../dist/ui/assets/', import.meta.url);

function bundle() {
  const files = readdirSync(ASSETS).map((name) => {
    const bytes = readFileSync(new URL(name, ASSETS));
    return { name, raw: statSync(new URL(name, ASSETS)).size, gzip: gzipSync(bytes, { level: 9 }).length, initial: name.startsWith('index-') };
  });
  const sum = (list: typeof files, key: 'raw' | 'gzip') => list.reduce((n, f) => n + f[key], 0);
  const initial = files.filter((f) => f.initial);
  return { files, initial_gzip: sum(initial, 'gzip'), initial_raw: sum(initial, 'raw'), total_gzip: sum(files, 'gzip'), total_raw: sum(files, 'raw') };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

ensureUiBuilt();
const harness = sqliteHarness();
const live = await startLiveApp(harness);
try {
  const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'viewer' });
  const client = await live.client('operator');
  const seedStart = performance.now();
  const start = Date.now() - RUNS * 1000;
  const events: IngestEvent[] = [];
  for (let i = 0; i < RUNS; i++) {
    const id = `wf_bench_${String(i).padStart(6, '0')}`;
    const at = (ms: number) => new Date(start + i * 1000 + ms).toISOString();
    const failed = i % 17 === 0;
    events.push(
      { type: 'execution.started', event_id: `${id}/s`, execution_id: id, at: at(0), workflow_name: ['support-triage', 'refund-agent', 'research-agent'][i % 3]!, total_steps: 1 },
      { type: 'step.started', event_id: `${id}/1s`, execution_id: id, at: at(5), step_id: 'answer', step_name: 'answer', provider: 'openai', model: 'gpt-4o-mini' },
      failed
        ? { type: 'step.failed', event_id: `${id}/1f`, execution_id: id, at: at(400), step_id: 'answer', error: { message: 'upstream 502', source: 'provider' } }
        : { type: 'step.completed', event_id: `${id}/1c`, execution_id: id, at: at(400), step_id: 'answer', tokens_in: 500 + (i % 300), tokens_out: 80, cost_usd: 0.0004 },
      failed ? { type: 'execution.failed', event_id: `${id}/f`, execution_id: id, at: at(410), error: { message: 'upstream 502', source: 'provider' } } : { type: 'execution.completed', event_id: `${id}/c`, execution_id: id, at: at(410) },
    );
  }
  const answer = await client.events.send(events);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`seeded ${RUNS} runs (${answer.accepted} events accepted, ${answer.rejected} rejected) in ${seedSeconds.toFixed(1)} s`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const session = { credential: { clientId: issued.credential.clientId, clientSecret: issued.clientSecret }, whoami: { client_id: issued.credential.clientId, org_id: 'default', tenant_id: 'default', role: 'viewer' } };
  const firstRow: number[] = [];
  const allRows: number[] = [];
  let frame = { avg_ms: 0, p95_ms: 0, frames: 0 };
  for (let sample = 0; sample < SAMPLES; sample++) {
    const context = await browser.newContext({ viewport: { width: 1360, height: 820 } });
    const page = await context.newPage();
    // Page code as strings: this file is type-checked without DOM types, and tsx would rename functions.
    await page.addInitScript(`
      sessionStorage.setItem('axonflow.session', ${JSON.stringify(JSON.stringify(session))});
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-row-index="0"]')) {
          window.__firstRow = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    `);
    await page.goto(`${live.url}/ui/executions`);
    await page.waitForFunction('window.__firstRow !== undefined');
    firstRow.push((await page.evaluate('window.__firstRow')) as number);
    await page.waitForFunction(`document.querySelector('[data-testid="list-meta"]')?.textContent?.startsWith('${RUNS.toLocaleString('en-US')} shown')`, undefined, { timeout: 60_000 });
    allRows.push((await page.evaluate('performance.now()')) as number);
    if (sample === SAMPLES - 1) {
      // A string, not a function: tsx names arrow functions with a helper the page does not have.
      frame = (await page.evaluate(`new Promise((resolve) => {
        const body = document.querySelector('[data-testid="rows"]');
        const times = [];
        let last = performance.now();
        function tick() {
          const now = performance.now();
          times.push(now - last);
          last = now;
          body.scrollTop += body.scrollHeight / 120;
          if (times.length < 120) return requestAnimationFrame(tick);
          const sorted = times.slice(1).sort((a, b) => a - b);
          resolve({ avg_ms: sorted.reduce((a, b) => a + b, 0) / sorted.length, p95_ms: sorted[Math.floor(sorted.length * 0.95)], frames: sorted.length });
        }
        requestAnimationFrame(tick);
      })`)) as typeof frame;
    }
    await context.close();
  }
  await browser.close();

  const size = bundle();
  const environment = benchEnvironment();
  const result = {
    runs: RUNS,
    seed_seconds: Number(seedSeconds.toFixed(1)),
    first_row_ms: { median: Math.round(median(firstRow)), samples: firstRow.map(Math.round) },
    all_rows_ms: { median: Math.round(median(allRows)), samples: allRows.map(Math.round) },
    scroll_frame_ms: { avg: Number(frame.avg_ms.toFixed(1)), p95: Number(frame.p95_ms.toFixed(1)), frames: frame.frames },
    bundle: size,
  };
  writeFileSync(new URL('./results/ui.json', import.meta.url), `${JSON.stringify({ environment, result }, null, 2)}\n`);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  const lines = [
    '# Execution Viewer',
    '',
    `Run ${environment.date} on ${environment.cpu} (${environment.cores} cores, ${environment.memory_gib} GiB), Node ${environment.node}, Debian Chromium headless (\`npm run bench:ui\`).`,
    '',
    `${RUNS.toLocaleString('en-US')} runs stored in SQLite (seeded through the ingest API in ${result.seed_seconds} s), served by the real server. Each sample is a fresh`,
    'browser context (cold cache) opening `/ui/executions` already signed in; times are from navigation start.',
    '',
    '| measure | median | samples |',
    '|---|---|---|',
    `| first rendered row | ${result.first_row_ms.median} ms | ${result.first_row_ms.samples.join(', ')} |`,
    `| all ${RUNS.toLocaleString('en-US')} rows listed (paged by cursor, 1,000 a page) | ${result.all_rows_ms.median} ms | ${result.all_rows_ms.samples.join(', ')} |`,
    `| frame time scrolling through all rows (${frame.frames} frames) | avg ${result.scroll_frame_ms.avg} ms, p95 ${result.scroll_frame_ms.p95} ms | |`,
    '',
    '## Bundle (vite build, gzip -9)',
    '',
    '| file | raw | gzip |',
    '|---|---|---|',
    ...size.files.map((f) => `| ${f.name.replace(/-[A-Za-z0-9_-]{8}\./, '-[hash].')}${f.initial ? ' (initial)' : ' (lazy)'} | ${kb(f.raw)} | ${kb(f.gzip)} |`),
    `| **initial load** | ${kb(size.initial_raw)} | **${kb(size.initial_gzip)}** |`,
    `| everything | ${kb(size.total_raw)} | ${kb(size.total_gzip)} |`,
    '',
  ];
  writeFileSync(new URL('./results/ui.md', import.meta.url), lines.join('\n'));
  console.log(lines.join('\n'));
} finally {
  await live.close();
  await harness.cleanup();
}
