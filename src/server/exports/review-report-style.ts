/**
 * @module The review report's stylesheet, inlined in the page (the report loads nothing: no fonts,
 * images or scripts). On paper: A4 margins, table headers repeated on every page, rows never split,
 * the timeline's bars printed in colour, the contents list left out.
 */
export const REVIEW_REPORT_CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #d8dce3; --soft: #f4f6f9; --ok: #2f8f4e; --bad: #c0392b; --warn: #b7791f; --info: #2b6cb0; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); background: #fff; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 16px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--fg); }
.subtitle { font-size: 15px; margin: 0; }
.meta, .note, .empty { color: var(--muted); }
.empty { font-style: italic; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
nav ol { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; padding: 0; margin: 12px 0 0; }
nav a { color: var(--info); text-decoration: none; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 6px 18px; margin: 0; }
dl.facts div { border-left: 3px solid var(--line); padding: 2px 8px; }
dl.facts dt { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .04em; }
dl.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: 4px 0; }
th, td { text-align: left; vertical-align: top; padding: 4px 6px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { background: var(--soft); white-space: nowrap; font-size: 11px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
td.num, th.num { text-align: right; white-space: nowrap; }
ul.plain { margin: 0; padding-left: 16px; }
.status { font-weight: 600; white-space: nowrap; }
.s-completed, .s-approved, .s-allow { color: var(--ok); }
.s-failed, .s-blocked, .s-block, .s-rejected, .s-aborted, .s-expired, .s-cancelled { color: var(--bad); }
.s-approval, .s-pending, .s-require_approval, .s-running, .s-retrying, .s-redact { color: var(--warn); }
.failure { border: 1px solid var(--bad); border-left-width: 5px; padding: 8px 12px; background: #fdf3f2; }
.healthy { border: 1px solid var(--ok); border-left-width: 5px; padding: 8px 12px; background: #f1f9f3; }
.waterfall { border: 1px solid var(--line); }
.wf-row { display: grid; grid-template-columns: 240px 1fr 130px; gap: 8px; align-items: center; padding: 1px 6px; border-bottom: 1px solid var(--soft); }
.wf-name { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.wf-track { position: relative; height: 12px; background: var(--soft); }
.wf-bar { position: absolute; top: 1px; bottom: 1px; min-width: 2px; background: var(--info); }
.wf-bar.b-completed { background: var(--ok); } .wf-bar.b-failed, .wf-bar.b-blocked { background: var(--bad); } .wf-bar.b-approval, .wf-bar.b-running { background: var(--warn); }
.wf-dur { text-align: right; color: var(--muted); white-space: nowrap; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid var(--line); color: var(--muted); font-size: 11px; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, .wf-row, dl.facts div { break-inside: avoid; }
  .wf-bar, .failure, .healthy, th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
