/**
 * CI checks of deploy/: the alert rules pass `promtool check rules` (Debian package `prometheus`;
 * .ci/run installs it), and every metric the Grafana dashboard and the rules name is one the
 * server exports (PromQL names parsed, a live app's scrape after demo traffic parsed).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { failingRun, FAILURE_CLASSES, healthyRun } from '../../demo/demo-runner.js';
import { seeded } from '../../demo/simulated-services.js';
import { startLiveApp } from '../../test-support/live-app.js';
import { parseExposition } from '../../test-support/prometheus-text.js';
import { sqliteHarness } from '../../test-support/store-harness.js';
import { loadPolicyFiles } from '../policies/load-policy-files.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RULES = `${ROOT}deploy/prometheus/rules.yml`;
const DASHBOARD = `${ROOT}deploy/grafana/dashboards/axonflow-control-plane.json`;

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan']);

/** The metric names a PromQL expression (or Grafana query with $variables) reads. */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\w+/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w:]|\s*\()/g)) {
    if (!KEYWORDS.has(match[1]!.toLowerCase())) names.add(match[1]!);
  }
  return [...names];
}

/** Every `expr` and templating `query` in a dashboard, at any depth. */
function dashboardQueries(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) dashboardQueries(item, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'expr' && typeof value === 'string') out.push(value);
      else if (key === 'query' && typeof value === 'string') out.push(value.replace(/^label_values\((.*?)(,[^,]*)?\)$/, '$1'));
      else dashboardQueries(value, out);
    }
  }
  return out;
}

function rules(): RuleFile {
  return parseYaml(readFileSync(RULES, 'utf8')) as RuleFile;
}

describe('deploy/prometheus/rules.yml', () => {
  const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  const missing = promtool.error !== undefined || promtool.status !== 0;
  const inCi = Boolean(process.env.AXONFLOW_CI_REPORT);

  const title = missing && !inCi ? 'passes promtool check rules (skipped: promtool is not installed; apt-get install -y prometheus)' : 'passes promtool check rules';
  it.skipIf(missing && !inCi)(title, () => {
    expect(missing, 'promtool is required in CI: .ci/run installs the Debian package prometheus').toBe(false);
    const result = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('SUCCESS');
  });

  it('alerts on failure-rate spikes, the approval backlog and its oldest age, connector errors, retry loops and cost growth', () => {
    const alerts = rules().groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(alerts).toEqual(
      expect.arrayContaining(['AxonFlowRunFailureRateSpike', 'AxonFlowPendingApprovalBacklog', 'AxonFlowPendingApprovalTooOld', 'AxonFlowConnectorErrorSpike', 'AxonFlowRetryLoop', 'AxonFlowCostGrowth']),
    );
  });

  it('reads metric names out of PromQL', () => {
    expect(metricNamesIn('sum by (workflow) (increase(axonflow_cost_usd_total{a="b{c}"}[1h] offset 1d)) > 2 * max(up) and on(x) foo_bar:rate5m')).toEqual([
      'axonflow_cost_usd_total',
      'up',
      'foo_bar:rate5m',
    ]);
    expect(metricNamesIn('histogram_quantile(0.95, sum by (le) (rate(x_bucket{w=~"$workflow"}[$__rate_interval]))) * 1e3')).toEqual(['x_bucket']);
  });
});

describe('deploy/ names only metrics the server exports', () => {
  const harness = sqliteHarness();
  afterAll(() => harness.cleanup());

  it('finds every metric of the dashboard and the alert rules in a scrape after demo traffic', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as unknown;
    const queries = [...dashboardQueries(dashboard), ...rules().groups.flatMap((g) => g.rules.map((r) => r.expr))];
    const named = new Set(queries.flatMap(metricNamesIn));
    expect(named.size).toBeGreaterThan(15);

    const live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(fileURLToPath(new URL('../../../examples/policies', import.meta.url))) });
    try {
      const client = await live.client('operator');
      await Promise.all(FAILURE_CLASSES.map((failure, i) => failingRun(client, { random: seeded(i + 1), scale: 0.02 }, failure)));
      await healthyRun(client, { random: seeded(7), scale: 0.02 });
      const exposition = parseExposition(await (await fetch(`${live.url}/metrics`)).text());
      const exported = new Set(exposition.samples.map((s) => s.name));
      for (const [family, type] of exposition.types) {
        exported.add(family);
        if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exported.add(family + suffix);
      }
      // `job` and `instance` come from Prometheus; everything else must be the server's.
      expect([...named].filter((name) => !exported.has(name))).toEqual([]);
      // And the traffic gave the dashboard's main signals samples, not only declarations.
      for (const name of ['axonflow_runs_finished_total', 'axonflow_gate_decisions_total', 'axonflow_connector_errors_total', 'axonflow_retries_total', 'axonflow_tokens_total', 'axonflow_cost_usd_total', 'axonflow_approvals_pending']) {
        expect(exposition.samples.some((s) => s.name === name), name).toBe(true);
      }
    } finally {
      await live.close();
    }
  });
});
