/**
 * @module audit.json of an evidence bundle: the run's audit records, newest first, in the wire of
 * `/api/v1/audit/search` (docs/audit.md): each with its place in the tenant's chain (`seq`,
 * `prev_hash`, `hash`) and `details` as stored, so anyone can recompute each record's hash and a
 * holder of the whole chain can check the records are in it. One record per line, page by page.
 */
import type { RunExport } from '../../services/export-service.js';
import { presentAuditRecord } from '../presenters/audit-presenter.js';

export async function* auditJson(run: RunExport): AsyncGenerator<string> {
  yield `{"execution_id":${JSON.stringify(run.execution.executionId)},"org_id":${JSON.stringify(run.execution.orgId)},"tenant_id":${JSON.stringify(run.execution.tenantId)},"order":"newest_first","records":[`;
  let first = true;
  for await (const page of run.audit()) {
    let chunk = '';
    for (const record of page) {
      chunk += `${first ? '' : ','}\n${JSON.stringify(presentAuditRecord(record))}`;
      first = false;
    }
    yield chunk;
  }
  yield `${first ? '' : '\n'}]}\n`;
}
