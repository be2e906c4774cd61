/**
 * @module The `html` export: a self-contained, printable review report of one run. Summary, failure
 * class and reason, a timeline of the steps, the steps, every policy decision with the policies
 * that matched and why, approvals with who decided and their justification, redaction notes, and
 * the run's audit trail.
 *
 * Contracts: every value is escaped (`escapeHtml`), the page carries a Content-Security-Policy that
 * allows no script and no fetch, and it loads nothing (CSS inline). Redaction notes name where a
 * value was masked and what kind it was; the value itself is not in the store, so not here either.
 * Steps are read page by page for each section, so a long run never sits in memory.
 */
import type { AuditRecord } from '../../core/audit/audit-record.js';
import type { Approval, Execution, Step } from '../../core/executions/index.js';
import type { RunExport } from '../../services/export-service.js';
import { escapeHtml as h } from './escape-html.js';
import { REVIEW_REPORT_CSS } from './review-report-style.js';

/** The policy the report's page states for itself; the route sends the same as a header. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const SECTIONS = [
  ['summary', 'Summary'],
  ['failure', 'Failure'],
  ['timeline', 'Timeline'],
  ['steps', 'Steps'],
  ['policy-decisions', 'Policy decisions'],
  ['approvals', 'Approvals'],
  ['redactions', 'Redaction notes'],
  ['audit', 'Audit trail'],
] as const;

function duration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return minutes < 60 ? `${minutes}m ${Math.round((ms % 60_000) / 1000)}s` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

const usd = (value: number) => `$${value.toFixed(4)}`;
const count = (value: number) => value.toLocaleString('en-US');
const status = (word: string | undefined) => (word ? `<span class="status s-${h(word)}">${h(word)}</span>` : '');
const fact = (label: string, value: string) => `<div><dt>${h(label)}</dt><dd>${value}</dd></div>`;

function head(execution: Execution, run: RunExport): string {
  const nav = SECTIONS.map(([id, title]) => `<li><a href="#${id}">${h(title)}</a></li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(REPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="AxonFlow control plane">
<title>Execution review: ${h(execution.name)} (${h(execution.executionId)})</title>
<style>${REVIEW_REPORT_CSS}</style>
</head>
<body>
<header>
<h1>Execution review</h1>
<p class="subtitle"><strong>${h(execution.name)}</strong> · <code>${h(execution.executionId)}</code></p>
<p class="meta">Exported ${h(run.exportedAt)} by ${h(run.exportedBy)} · org ${h(execution.orgId)}, tenant ${h(execution.tenantId)} · as of event seq ${h(execution.lastSeq)}</p>
<nav><ol>${nav}</ol></nav>
</header>
`;
}

function summary(e: Execution): string {
  const facts = [
    fact('Status', status(e.status)),
    fact('Workflow', h(e.name)),
    fact('Type / source', `${h(e.executionType)} / ${h(e.source)}`),
    fact('Started', h(e.startedAt)),
    fact('Completed', h(e.completedAt ?? '—')),
    fact('Duration', h(duration(e.durationMs) || '—')),
    fact('Steps', `${count(e.completedSteps)} completed of ${count(Math.max(e.totalSteps, e.stepCount))} · ${count(e.failedSteps)} failed · ${count(e.blockedSteps)} blocked`),
    fact('Retries', count(e.retryCount)),
    fact('Tokens in / out', `${count(e.tokensIn)} / ${count(e.tokensOut)}`),
    fact('Cost', usd(e.costUsd)),
    fact('Provider calls', `${count(e.providerCalls)} (${count(e.providerErrors)} failed)`),
    fact('Connector calls', `${count(e.connectorCalls)} (${count(e.connectorErrors)} failed)`),
    fact('Attention', status(e.attention)),
    fact('Trace id', h(e.traceId ?? '—')),
    fact('User', h(e.userId ?? '—')),
    fact('Events', count(e.eventCount)),
  ];
  if (e.parentExecutionId) facts.push(fact('Re-run of', `<code>${h(e.parentExecutionId)}</code>`));
  return `<section id="summary"><h2>Summary</h2><dl class="facts">${facts.join('')}</dl></section>\n`;
}

function failure(e: Execution): string {
  const rows: string[] = [];
  if (e.failureClass) rows.push(fact('Failure class', `<span class="status s-failed">${h(e.failureClass)}</span>`));
  if (e.failureReason) rows.push(fact('Reason', h(e.failureReason)));
  if (e.failureStep) rows.push(fact('Failure step', `<code>${h(e.failureStep)}</code>`));
  if (e.error) rows.push(fact('Error', `${h(e.error.message)} <span class="note">(${h(e.error.source)}${e.error.code ? `, ${h(e.error.code)}` : ''})</span>`));
  if (e.statusReason && e.status !== 'completed') rows.push(fact('Status reason', h(e.statusReason)));
  if (e.cancelRequest) rows.push(fact('Cancel requested', `by ${h(e.cancelRequest.by)} at ${h(e.cancelRequest.at)}: ${h(e.cancelRequest.reason)}`));
  const body = rows.length > 0 ? `<div class="failure"><dl class="facts">${rows.join('')}</dl></div>` : `<div class="healthy">No failure recorded: the run is ${h(e.status)}.</div>`;
  return `<section id="failure"><h2>Failure</h2>${body}</section>\n`;
}

function waterfallRow(step: Step, start: number, span: number): string {
  const from = Date.parse(step.startedAt ?? step.gatedAt ?? step.firstAttemptAt);
  const to = step.endedAt ? Date.parse(step.endedAt) : Math.max(from, Date.parse(step.lastAttemptAt));
  const left = Number.isFinite(from) ? Math.min(100, Math.max(0, ((from - start) / span) * 100)) : 0;
  const width = Number.isFinite(to) ? Math.min(100 - left, Math.max(0, ((to - from) / span) * 100)) : 0;
  return `<div class="wf-row"><span class="wf-name" title="${h(step.name)}">${h(step.stepIndex + 1)}. ${h(step.name)}</span><span class="wf-track"><span class="wf-bar b-${h(step.status)}" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%"></span></span><span class="wf-dur">${h(duration(step.durationMs))} ${status(step.status)}</span></div>`;
}

function stepRow(step: Step): string {
  const model = [step.provider, step.model].filter(Boolean).join(' / ');
  const error = step.error ? `${h(step.error.message)} <span class="note">(${h(step.error.source)})</span>` : '';
  const attempts = step.attempts.map((a) => `<li>attempt ${h(a.attempt)}: ${h(a.error?.message ?? a.outcome)}</li>`).join('');
  return `<tr id="step-${h(step.stepIndex)}"><td class="num">${h(step.stepIndex + 1)}</td><td>${h(step.name)}<br><code>${h(step.stepId)}</code></td><td>${h(step.stepType)}</td><td>${status(step.status)}</td><td>${status(step.decision)}</td><td>${h(step.agentId)}</td><td>${h(model)}</td><td class="num">${h(count(step.tokensIn))} / ${h(count(step.tokensOut))}</td><td class="num">${h(usd(step.costUsd))}</td><td class="num">${h(duration(step.durationMs))}</td><td>${error}${attempts ? `<ul class="plain">${attempts}</ul>` : ''}</td></tr>`;
}

function decisionRow(step: Step): string {
  const matched = step.policiesMatched
    .map((p) => `<li><strong>${h(p.policyName)}</strong> <code>${h(p.policyId)}${p.version !== undefined ? ` v${h(p.version)}` : ''}</code> → ${status(p.action)}${p.severity ? ` <span class="note">(${h(p.severity)})</span>` : ''}${p.reason ?? p.matchedRule ? `: ${h(p.reason ?? p.matchedRule)}` : ''}</li>`)
    .join('');
  const evaluated = step.policiesEvaluated.map((p) => h(p.policyName || p.policyId)).join(', ');
  return `<tr><td class="num">${h(step.stepIndex + 1)}</td><td>${h(step.name)}</td><td>${status(step.decision)}</td><td>${h(step.decisionReason)}</td><td>${matched ? `<ul class="plain">${matched}</ul>` : '<span class="empty">none matched</span>'}</td><td>${h(step.policiesEvaluated.length)}${evaluated ? `: ${evaluated}` : ''}</td></tr>`;
}

function approvalRow(a: Approval): string {
  const decided = a.decidedBy ? `${h(a.decidedBy)}<br><span class="note">${h(a.decidedAt)}</span>` : '';
  const sla = a.slaAt ? `${h(a.slaAt)}${a.slaBreached ? ` <span class="status s-failed">breached</span>` : ''}` : '';
  return `<tr><td><code>${h(a.stepId)}</code></td><td>${status(a.status)}</td><td>${h(a.requestedAt)}</td><td>${h(a.policyIds.join(', '))}</td><td>${h(a.reason)}</td><td>${decided}</td><td>${h(a.comment)}</td><td>${sla}</td><td>${h(a.expiresAt)}</td></tr>`;
}

function redactionRows(step: Step): string {
  return step.redactions
    .map((r) => `<tr><td class="num">${h(step.stepIndex + 1)}</td><td>${h(step.name)}</td><td>${h(r.field ?? 'input')}</td><td><code>${h(r.path)}</code></td><td>${h(r.type)}</td><td>${h(r.policyId)}</td></tr>`)
    .join('');
}

function auditRow(r: AuditRecord): string {
  return `<tr><td class="num">${h(r.seq)}</td><td>${h(r.at)}</td><td>${h(r.actor)}</td><td>${h(r.action)}</td><td>${h(r.targetType)} <code>${h(r.targetId)}</code></td><td><code>${h(JSON.stringify(r.details))}</code></td><td><code title="${h(r.hash)}">${h(r.hash.slice(0, 12))}</code></td></tr>`;
}

const table = (columns: readonly string[]) => `<table><thead><tr>${columns.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>`;

/** Writes a table from pages of rows, or `empty` when no page had a row. */
async function* section(id: string, title: string, intro: string, columns: readonly string[], rows: AsyncIterable<string>, empty: string): AsyncGenerator<string> {
  yield `<section id="${id}"><h2>${h(title)}</h2>${intro}`;
  let any = false;
  for await (const chunk of rows) {
    if (!chunk) continue;
    if (!any) yield table(columns);
    any = true;
    yield chunk;
  }
  yield any ? '</tbody></table></section>\n' : `<p class="empty">${h(empty)}</p></section>\n`;
}

async function* stepChunks(run: RunExport, render: (step: Step) => string): AsyncGenerator<string> {
  for await (const page of run.steps()) yield page.map(render).filter(Boolean).join('\n');
}

export async function* reviewReport(run: RunExport): AsyncGenerator<string> {
  const e = run.execution;
  yield head(e, run);
  yield summary(e);
  yield failure(e);

  const start = Date.parse(e.startedAt);
  const end = Date.parse(e.completedAt ?? e.updatedAt);
  const span = Math.max(1, end - start);
  yield `<section id="timeline"><h2>Timeline</h2><p class="note">Each step on the run’s ${h(duration(span))}, from ${h(e.startedAt)}.</p>`;
  let any = false;
  for await (const page of run.steps()) {
    if (!any) yield '<div class="waterfall">';
    any = true;
    yield page.map((step) => waterfallRow(step, start, span)).join('\n');
  }
  yield any ? '</div></section>\n' : '<p class="empty">No steps were recorded.</p></section>\n';

  yield* section('steps', 'Steps', '', ['#', 'Step', 'Type', 'Status', 'Decision', 'Agent', 'Provider / model', 'Tokens in / out', 'Cost', 'Duration', 'Error and retries'], stepChunks(run, stepRow), 'No steps were recorded.');
  yield* section(
    'policy-decisions',
    'Policy decisions',
    '<p class="note">Every gated step: the decision, why, the policies that matched (with their reasons) and how many were evaluated.</p>',
    ['#', 'Step', 'Decision', 'Reason', 'Matched policies', 'Evaluated'],
    stepChunks(run, (step) => (step.decision ? decisionRow(step) : '')),
    'No step of this run was gated by a policy.',
  );
  const approvals = await run.approvals();
  yield* section(
    'approvals',
    'Approvals',
    '',
    ['Step', 'Status', 'Requested', 'Policies', 'Why', 'Decided by', 'Justification', 'SLA', 'Expires'],
    (async function* () {
      yield approvals.map(approvalRow).join('\n');
    })(),
    'No approval was requested in this run.',
  );
  yield* section(
    'redactions',
    'Redaction notes',
    '<p class="note">Where a policy masked a value and what kind of data it was. The masked values were replaced before they were stored: neither the store nor this report holds them.</p>',
    ['#', 'Step', 'Field', 'Path', 'Kind', 'Policy'],
    stepChunks(run, redactionRows),
    'No value was masked in this run.',
  );
  yield* section(
    'audit',
    'Audit trail',
    '<p class="note">Records of the tenant’s audit chain filed under this run, newest first (this export included). Each hash links to the record before it in the chain.</p>',
    ['Seq', 'At', 'Actor', 'Action', 'Target', 'Details', 'Hash'],
    (async function* () {
      for await (const page of run.audit()) yield page.map(auditRow).join('\n');
    })(),
    'No audit records are filed under this run.',
  );
  yield `<footer>Generated by the AxonFlow control plane on ${h(run.exportedAt)} for ${h(run.exportedBy)}. For evidence, export the signed bundle (<code>format=bundle</code>) and check it with <code>axonctl verify</code>.</footer>\n</body>\n</html>\n`;
}
