/**
 * The alerts page in a real browser: playwright-core driving Debian Chromium against a live server
 * (SQLite, the example policies) fed with the demo's traffic, as in viewer.test.ts. With thresholds
 * low enough for one round of the demo's failures, an evaluation fires every kind; raising two
 * thresholds resolves those, so the page shows firing alerts, history and changed rules. It checks
 * the firing badge, both tables, the link to a workflow's runs, the read-only rules with the
 * admin's note, and saves docs/screenshots/alerts.png. Skipped without /usr/bin/chromium, except
 * in CI (AXONFLOW_CI_REPORT), where it fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxonFlowClient } from '../../src/sdk/axonflow-client.js';
import { failingRun, FAILURE_CLASSES, healthyRun } from '../../src/demo/demo-runner.js';
import { seeded } from '../../src/demo/simulated-services.js';
import { loadPolicyFiles } from '../../src/server/policies/load-policy-files.js';
import { FixedClock } from '../../src/test-support/fixed-clock.js';
import { startLiveApp, type LiveApp } from '../../src/test-support/live-app.js';
import { sqliteHarness } from '../../src/test-support/store-harness.js';
import { CHROMIUM, CHROMIUM_ARGS, ensureUiBuilt } from './browser.js';

const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples/policies', import.meta.url));
const hasChromium = existsSync(CHROMIUM);
const inCi = Boolean(process.env.AXONFLOW_CI_REPORT);
const KINDS = ['failure_rate', 'pending_approvals', 'connector_errors', 'retry_loops', 'cost_growth'];

describe.skipIf(!hasChromium && !inCi)(`Alerts page in Chromium${hasChromium ? '' : ' (skipped: /usr/bin/chromium is missing; .ci/run installs it)'}`, () => {
  const harness = sqliteHarness();
  // The app's clock: moved to the real time before each evaluation, so the demo's runs (stamped
  // by the client or by this clock) are inside every window and the page's ages read true.
  const clock = new FixedClock(new Date().toISOString());
  const toNow = () => clock.advance(Date.now() + 1_000 - Date.parse(clock.now()));
  let live: LiveApp;
  let browser: Browser;
  let page: Page;
  let admin: AxonFlowClient;
  let clientId: string;
  let secret: string;

  const ui = (path: string) => `${live.url}/ui${path}`;

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium)`);
    ensureUiBuilt();
    mkdirSync(SHOTS, { recursive: true });
    live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(EXAMPLES), clock });
    const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'admin' });
    clientId = issued.credential.clientId;
    secret = issued.clientSecret;
    admin = await live.client('admin');
    const operator = await live.client('operator');
    const sim = (seed: number) => ({ random: seeded(seed), scale: 0.02 });
    await Promise.all(FAILURE_CLASSES.map((failure, i) => failingRun(operator, sim(i + 1), failure)));
    for (let seed = 1; seed <= 3; seed++) await healthyRun(operator, sim(seed * 7));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await live?.close();
    await harness.cleanup();
  });

  it('shows no alert and the default rules before anything fires', async () => {
    await page.goto(ui('/alerts'));
    await page.getByLabel('Client ID').fill(clientId);
    await page.getByLabel('Client secret or API key').fill(secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Nothing is firing.').waitFor();
    await expect.poll(() => page.locator('[data-testid="alert-rules"] tbody tr').count()).toBe(5);
    expect(await page.getByTestId('firing-badge').count()).toBe(0);
  });

  it('fires every kind after the demo traffic, then resolves two, and shows both with the rules', async () => {
    // Thresholds low enough for one round of the demo's failures to cross every kind.
    await admin.alerts.putRules({
      failure_rate: { threshold_pct: 10, min_runs: 2, window_minutes: 10 },
      pending_approvals: { max_pending: 0 },
      connector_errors: { min_errors: 1, window_minutes: 10 },
      retry_loops: { min_retries: 1, window_minutes: 10 },
      cost_growth: { factor: 2, window_minutes: 10, min_cost_usd: 0 },
    });
    toNow();
    const first = await live.app.alertEvaluator.evaluate();
    expect(new Set(first.fired.map((a) => a.kind))).toEqual(new Set(KINDS));
    // Raising two thresholds resolves those alerts: they move to the history.
    await admin.alerts.putRules({ connector_errors: { min_errors: 1000 }, retry_loops: { min_retries: 1000 } });
    toNow();
    const second = await live.app.alertEvaluator.evaluate();
    expect(new Set(second.resolved.map((a) => a.kind))).toEqual(new Set(['connector_errors', 'retry_loops']));
    const stillFiring = first.fired.length - second.resolved.length;

    await page.goto(ui('/alerts'));
    const firing = page.locator('[data-testid="alerts-firing"] tbody tr');
    const history = page.locator('[data-testid="alerts-history"] tbody tr');
    await expect.poll(() => firing.count(), { timeout: 10_000 }).toBe(stillFiring);
    await expect.poll(() => page.getByTestId('firing-badge').textContent(), { timeout: 15_000 }).toBe(String(stillFiring));
    expect(await history.count()).toBe(second.resolved.length);
    expect(new Set(await firing.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind'))))).toEqual(new Set(['failure_rate', 'pending_approvals', 'cost_growth']));
    expect(await history.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')))).toEqual(second.resolved.map(() => 'resolved'));
    // Value against threshold, in the kind's unit.
    const backlog = page.locator('[data-testid="alerts-firing"] tbody tr[data-kind="pending_approvals"]');
    expect(await backlog.locator('td.num').allTextContents()).toEqual(['1 pending', '0 pending']);
    expect(await history.first().locator('td').last().textContent()).not.toBe('');
    expect(await page.getByTestId('alerts-summary').textContent()).toBe(`${stillFiring} firing · ${second.resolved.length} resolved`);

    // The rules, read-only, with what the admin changed and how to change them.
    const rules = page.getByTestId('alert-rules');
    expect(await rules.locator('tr[data-kind="connector_errors"] td').nth(2).textContent()).toBe('a connector failed 1000 or more calls in the last 10 min');
    expect(await rules.locator('tr[data-kind="failure_rate"] td').nth(3).textContent()).toBe('threshold_pct, min_runs');
    expect(await page.getByTestId('rules-note').textContent()).toContain('axonctl alerts rules set -f rules.yaml');
    expect(await page.locator('.rules-table input, .rules-table button').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}alerts.png`, fullPage: true });
  });

  it("links a workflow's failure-rate alert to its runs in the list", async () => {
    const [alert] = (await admin.alerts.list({ state: 'firing', kind: 'failure_rate' })).alerts;
    await page.goto(ui('/alerts'));
    const row = page.locator(`tr[data-alert="${alert!.id}"]`);
    await row.getByTestId('alert-link').click();
    await page.waitForURL('**/ui/executions?**');
    expect(new URL(page.url()).searchParams.get('workflow')).toBe(alert!.subject);
    await page.locator('[data-row-index]').first().waitFor();
    const names = await page.locator('[data-row-index]').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((text) => text.includes(alert!.subject))).toBe(true);
  });
});
