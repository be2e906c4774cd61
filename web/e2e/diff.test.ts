/**
 * The run diff in the Execution Viewer, in Chromium (see viewer.test.ts for the setup): a completed
 * support-triage run against one that failed on the provider, reached from the run's page through
 * "Compare with…", with the first divergence highlighted. Saves docs/screenshots/diff.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingRun } from '../../src/demo/demo-runner.js';
import { supportTriage } from '../../src/demo/scenarios/support-triage.js';
import { seeded } from '../../src/demo/simulated-services.js';
import { loadPolicyFiles } from '../../src/server/policies/load-policy-files.js';
import { startLiveApp, type LiveApp } from '../../src/test-support/live-app.js';
import { sqliteHarness } from '../../src/test-support/store-harness.js';
import { CHROMIUM, CHROMIUM_ARGS, ensureUiBuilt } from './browser.js';

const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples/policies', import.meta.url));
const hasChromium = existsSync(CHROMIUM);
const inCi = Boolean(process.env.AXONFLOW_CI_REPORT);

describe.skipIf(!hasChromium && !inCi)(`Run diff in Chromium${hasChromium ? '' : ' (skipped: /usr/bin/chromium is missing; .ci/run installs it)'}`, () => {
  const harness = sqliteHarness();
  let live: LiveApp;
  let browser: Browser;
  let page: Page;
  let completed: string;
  let failed: string;
  const ui = (path: string) => `${live.url}/ui${path}`;

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium)`);
    ensureUiBuilt();
    mkdirSync(SHOTS, { recursive: true });
    live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(EXAMPLES) });
    const operator = await live.client('operator');
    await supportTriage(operator, { random: seeded(3), scale: 0.02 });
    await failingRun(operator, { random: seeded(4), scale: 0.02 }, 'provider_failure');
    await supportTriage(operator, { random: seeded(5), scale: 0.02 });
    const runs = (await operator.executions.list({ workflow: 'support-triage', sort: 'started_at', order: 'asc' })).executions;
    completed = runs[0]!.request_id;
    failed = runs.find((r) => r.failure_class === 'provider_failure')!.request_id;
    const viewer = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'viewer' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(ui(`/executions/${completed}`));
    await page.getByLabel('Client ID').fill(viewer.credential.clientId);
    await page.getByLabel('Client secret or API key').fill(viewer.clientSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await live?.close();
    await harness.cleanup();
  });

  it('compares a run with a recent run of its workflow picked on its page', async () => {
    await page.getByRole('button', { name: 'Compare with…' }).click();
    const recent = page.getByLabel('Recent runs of this workflow');
    await expect.poll(() => recent.locator('option').count()).toBe(3);
    expect(await recent.locator(`option[value="${completed}"]`).count()).toBe(0);
    await recent.selectOption(failed);
    await page.waitForURL(`**/ui/executions/${completed}/diff/${failed}`);
    await page.getByTestId('first-divergence').waitFor();
  });

  it('highlights the failing step as the first divergence, with the totals and the step payloads', async () => {
    await page.goto(ui(`/executions/${completed}/diff/${failed}`));
    const banner = page.getByTestId('first-divergence');
    await banner.waitFor();
    expect(await banner.getAttribute('data-kind')).toBe('status');
    expect(await banner.textContent()).toContain('First divergence at step 2 of A / 2 of B: step "draft reply": status completed → failed');
    const rows = page.locator('tr.diff-row');
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-match')))).toEqual(['matched', 'matched', 'matched', 'only_a']);
    const diverged = page.locator('tr[data-divergence="true"]');
    expect(await diverged.count()).toBe(1);
    expect(await diverged.getAttribute('data-row')).toBe('2');
    expect(await diverged.textContent()).toContain('draft reply');
    expect(await diverged.locator('.change-chip.change-status').count()).toBe(1);
    // The highlight is drawn, not only marked: the divergent row's background differs from a plain row's.
    const background = (row: string) => page.locator(`tr[data-row="${row}"] td`).first().evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(await background('2')).not.toBe(await background('1'));
    expect(await page.locator('.diff-totals tr[data-field="Status"]').getAttribute('class')).toBe('changed');
    expect(await page.locator('.diff-totals tr[data-field="Failure class"] td').nth(1).textContent()).toBe('provider failure');
    // Without #row-N the divergent row is the one shown below, both sides with their payloads.
    const detail = page.getByTestId('diff-detail');
    await detail.locator('[data-side="B"] .state-error').waitFor();
    expect(await detail.locator('[data-side="B"] .state-error').textContent()).toContain('429 Too Many Requests');
    await detail.getByRole('tree', { name: 'Input A' }).waitFor();
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${SHOTS}diff.png`, fullPage: true });
    // Another row: the URL keeps it, and the changed input paths are listed.
    await rows.nth(0).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#row-0');
    await expect.poll(() => detail.locator('.change-path').allTextContents()).toContain('$.input.ticket');
  });

  it('says when two runs follow the same trajectory, and shows an unknown run as an error', async () => {
    await page.goto(ui(`/executions/${completed}/diff/${completed}`));
    const banner = page.getByTestId('first-divergence');
    await banner.waitFor();
    expect(await banner.getAttribute('data-kind')).toBe('none');
    expect(await page.locator('tr[data-divergence="true"]').count()).toBe(0);
    await page.goto(ui(`/executions/${completed}/diff/wf_missing`));
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('EXECUTION_NOT_FOUND');
  });
});
