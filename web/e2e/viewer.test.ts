/**
 * The Execution Viewer in a real browser: playwright-core driving Debian Chromium against a live
 * server (SQLite store, the example policies, demo scenarios as seed data), signed in with a real
 * credential. Each test saves a screenshot of its page under docs/screenshots/. Without
 * /usr/bin/chromium the suite is skipped, except in CI (AXONFLOW_CI_REPORT), where it fails.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxonFlowClient } from '../../src/sdk/axonflow-client.js';
import { failingRun, healthyRun } from '../../src/demo/demo-runner.js';
import { seeded } from '../../src/demo/simulated-services.js';
import { loadPolicyFiles } from '../../src/server/policies/load-policy-files.js';
import { startLiveApp, type LiveApp } from '../../src/test-support/live-app.js';
import { sqliteHarness } from '../../src/test-support/store-harness.js';
import { CHROMIUM, CHROMIUM_ARGS, ensureUiBuilt } from './browser.js';

const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples/policies', import.meta.url));
const hasChromium = existsSync(CHROMIUM);
const inCi = Boolean(process.env.AXONFLOW_CI_REPORT);

describe.skipIf(!hasChromium && !inCi)(`Execution Viewer in Chromium${hasChromium ? '' : ' (skipped: /usr/bin/chromium is missing; .ci/run installs it)'}`, () => {
  const harness = sqliteHarness();
  let live: LiveApp;
  let browser: Browser;
  let page: Page;
  let secret: string;
  let clientId: string;
  let operator: AxonFlowClient;
  const runs: Record<string, string> = {};
  /** What the browser reported against the viewer's Content-Security-Policy (docs/security.md), across every test. */
  const cspViolations: string[] = [];

  const ui = (path: string) => `${live.url}/ui${path}`;
  const shot = (name: string) => page.screenshot({ path: `${SHOTS}${name}.png` });
  async function runIdOf(failureClass: string): Promise<string> {
    const found = await operator.executions.list({ failure_class: failureClass, limit: 1 });
    return found.executions[0]!.request_id;
  }

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium)`);
    ensureUiBuilt();
    mkdirSync(SHOTS, { recursive: true });
    live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(EXAMPLES) });
    const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'admin' });
    clientId = issued.credential.clientId;
    secret = issued.clientSecret;
    operator = await live.client('operator');
    const sim = (seed: number) => ({ random: seeded(seed), scale: 0.02 });
    await Promise.all([1, 2, 3, 4, 5, 6].map((seed) => healthyRun(operator, sim(seed * 11))));
    for (const [i, failure] of (['policy_block', 'provider_failure', 'connector_failure', 'workflow_logic_bug', 'approval_pending', 'approval_pending'] as const).entries()) await failingRun(operator, sim(100 + i), failure);
    runs.provider = await runIdOf('provider_failure');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1360, height: 820 }, deviceScaleFactor: 1 });
    page.on('console', (message) => {
      if (/content.security.policy|refused to (load|execute|apply|connect|frame|evaluate)/i.test(message.text())) cspViolations.push(message.text());
    });
    // Init scripts come from the browser, not the page, so the policy does not apply to this listener.
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`Content-Security-Policy violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await live?.close();
    await harness.cleanup();
  });

  it('signs in with a credential and filters through the URL', async () => {
    await page.goto(ui('/executions?failure_class=provider_failure,connector_failure&range=24h'));
    await page.getByLabel('Client ID').fill(clientId);
    await page.getByLabel('Client secret or API key').fill(secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-row-index]').first().waitFor();
    const rows = page.locator('[data-row-index]');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['failed', 'failed']);
    await expect.poll(() => page.locator('.role').textContent()).toBe('admin');
    // Changing a filter writes the URL, so the link reproduces the view.
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Failure class').selectOption('policy_block');
    await expect.poll(() => new URL(page.url()).searchParams.get('failure_class')).toBe('policy_block');
    await expect.poll(() => rows.count()).toBe(1);
    await page.goto(ui('/executions'));
    await expect.poll(() => rows.count()).toBe(12);
    await shot('executions-list');
  });

  it('shows a running run updating live, in the list and on its page', async () => {
    await page.goto(ui('/executions'));
    await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('live');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const run = await operator.workflows.start({ name: 'live-triage', source: 'e2e', input: { ticket: 'T-1' } });
    const row = page.locator(`[data-id="${run.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    const stepDone = run.step({ name: 'classify ticket', provider: 'openai', model: 'gpt-4o-mini', input: { ticket: 'T-1' } }, async (_signal, ctx) => {
      await held;
      ctx.recordLlmCall({ tokensIn: 420, tokensOut: 60, latencyMs: 180 });
      return { label: 'billing' };
    });
    await page.goto(ui(`/executions/${run.id}`));
    await page.getByTestId('live-banner').waitFor();
    await expect.poll(() => page.getByTestId('progress').textContent()).toContain('0/1');
    release();
    await stepDone;
    await expect.poll(() => page.getByTestId('progress').textContent(), { timeout: 10_000 }).toContain('1/1');
    await page.locator('.wf-row[data-status="completed"]').waitFor();
    await shot('execution-live');
    await run.complete({ label: 'billing' });
    await expect.poll(() => page.locator('.summary-card .badge').first().textContent(), { timeout: 10_000 }).toBe('completed');
    await page.goto(ui('/executions'));
    await expect.poll(() => page.locator(`[data-id="${run.id}"]`).getAttribute('data-status')).toBe('completed');
  });

  it('opens a deep link to a step: the inspector, its retries and the waterfall marks', async () => {
    const detail = await operator.executions.get(runs.provider!);
    const retried = detail.steps.find((s) => s.retry_count > 0)!;
    await page.goto(ui(`/executions/${runs.provider}#step-${retried.step_index}`));
    const inspector = page.getByTestId('step-inspector');
    await inspector.waitFor();
    expect(await inspector.getAttribute('data-step')).toBe(String(retried.step_index));
    expect(await page.getByTestId('failure-class').textContent()).toBe('provider failure');
    expect(await page.locator(`.wf-row[data-step="${retried.step_index}"] .wf-mark[data-kind="retry"]`).count()).toBe(retried.retry_count);
    expect(await inspector.locator('.attempt-failed').count()).toBeGreaterThanOrEqual(retried.retry_count);
    expect(await inspector.locator('.policies tbody tr').count()).toBeGreaterThan(0);
    // Keyboard: j/k move in the list, Enter opens.
    await page.goto(ui('/executions'));
    await page.locator('[data-row-index="0"]').waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const third = await page.locator('[data-row-index="2"]').getAttribute('data-id');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/ui/executions/${third}`);
    await page.goto(ui(`/executions/${runs.provider}#step-${retried.step_index}`));
    await inspector.waitFor();
    await shot('execution-step');
  });

  it('approves from the inbox, with the pending count in the navigation', async () => {
    await page.goto(ui('/approvals'));
    await expect.poll(() => page.getByTestId('pending-badge').textContent()).toBe('2');
    const rows = page.locator('tr[data-approval]');
    await expect.poll(() => rows.count()).toBe(2);
    await rows.first().click();
    await page.getByLabel('Justification').fill('Customer is verified; refund is within policy.');
    await shot('approvals-inbox');
    const approvalId = await rows.first().getAttribute('data-approval');
    await page.getByRole('button', { name: 'Approve 1' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => page.getByTestId('pending-badge').textContent()).toBe('1');
    expect((await operator.approvals.get(approvalId!)).status).toBe('approved');
  });

  it('cancels a run with a reason', async () => {
    const [pending] = (await operator.approvals.list({ status: 'pending' })).approvals;
    await page.goto(ui(`/executions/${pending!.execution_id}`));
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.getByLabel('Reason').fill('Duplicate refund request');
    await page.getByRole('button', { name: 'Confirm cancel' }).click();
    await expect.poll(async () => (await operator.executions.get(pending!.execution_id)).summary.status_detail, { timeout: 10_000 }).toBe('cancelled');
    await expect.poll(() => page.locator('.summary-card .badge').first().textContent(), { timeout: 10_000 }).toBe('cancelled');
    await shot('execution-cancelled');
  });

  it('exports a run in the format picked: the CSV as the API serves it, and a bundle that verifies', async () => {
    const id = runs.provider!;
    await page.goto(ui(`/executions/${id}`));
    const saved = async (format: string): Promise<{ name: string; bytes: Buffer }> => {
      await page.getByLabel('Export format').selectOption(format);
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: 'Export', exact: true }).click()]);
      return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
    };
    const csv = await saved('csv');
    expect(csv.name).toBe(`execution-${id}.steps.csv`);
    const served = await operator.executions.export(id, { format: 'csv', includeInput: true, includeOutput: true, includePolicies: true });
    expect(csv.bytes.toString('utf8')).toBe(Buffer.from(served).toString('utf8'));
    expect(csv.bytes.toString('utf8')).toMatch(/^index,step_id,name,type,status,/);
    const bundle = await saved('bundle');
    expect(bundle.name).toBe(`execution-${id}.bundle.tar.gz`);
    const verified = await operator.evidence.verify(new Uint8Array(bundle.bytes));
    expect(verified.problems).toEqual([]);
    expect(verified.ok).toBe(true);
  });

  it('draws the dashboards from real data', async () => {
    await page.goto(ui('/dashboards'));
    await page.locator('[data-testid="panel-runs"] canvas').waitFor();
    const classes = page.getByTestId('panel-classes');
    await expect.poll(() => classes.locator('li[data-key="provider_failure"]').getAttribute('data-value')).toBe('1');
    expect(await classes.locator('li[data-key="policy_block"]').getAttribute('data-value')).toBe('1');
    await expect.poll(() => page.getByTestId('panel-workflow').locator('li').count()).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId('panel-connectors').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('pending-total').textContent()).toContain('0');
    // Dark mode: the toggle pins it.
    await page.getByRole('button', { name: /auto/ }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.waitForTimeout(200);
    await shot('dashboards');
  });

  it('runs under its Content-Security-Policy: served with it, and no violation reported on any page', async () => {
    const response = await page.goto(ui('/dashboards'));
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    await page.locator('[data-testid="panel-runs"] canvas').waitFor();
    expect(cspViolations).toEqual([]);
  });
});
