/**
 * Redaction at the gate, end to end over HTTP: a `redact` policy masks detected values in the step
 * input, tool input and (at completion) output before anything is stored; the log and the
 * projections never hold the raw value, and the records name paths and kinds only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };
const EMAIL = 'ana.lopez@example.com';
const PHONE = '+1 415 555 0132';
const CARD = '4111 1111 1111 1111';
const KEY = 'sk-ant-api03-Zx7Qm2Lp9Rt4Vw8Yb3Nc6Hd1Jf5Kg0Ps';

for (const harness of storeHarnesses()) {
  describe(`redaction at the gate [${harness.kind}]`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp(harness);
      const policies = [
        { id: 'mask-pii', name: 'Mask PII in support', when: 'pii.found(step.input) || pii.found(tool.input)', action: 'redact', reason: 'PII masked', redact: { kinds: ['pii'], in_response: true }, scope: { workflow: 'support' } },
        { id: 'mask-secrets', name: 'Mask secrets quietly', when: 'secrets.found(step.input)', action: 'redact', reason: 'secret masked', redact: { kinds: ['secrets'] }, scope: { workflow: 'quiet' } },
        { id: 'block-keys', name: 'Block keys to tools', when: 'secrets.found(step.input)', action: 'block', reason: 'no keys', scope: { workflow: 'quiet' }, severity: 'critical' },
      ];
      for (const payload of policies) expect((await app.inject({ method: 'POST', url: '/api/v1/policies', payload })).statusCode).toBe(201);
    });
    afterAll(async () => {
      await app.close();
      await harness.cleanup();
    });

    const workflow = async (name: string) => (await app.inject({ method: 'POST', url: '/api/v1/workflows', payload: { workflow_name: name } })).json().workflow_id as string;
    const gate = (id: string, step: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: `/api/v1/workflows/${id}/steps/${step}/gate`, payload: { step_type: 'tool_call', ...payload } });
    const everything = async (id: string) => JSON.stringify([await app.store.readEvents(SCOPE, { executionId: id, limit: 1000 }), await app.store.listSteps(SCOPE, id)]);

    it('masks nested input, tool input and output; records paths and kinds; stores no raw value', async () => {
      const id = await workflow('support');
      const input = { ticket: { customer: { email: EMAIL, notes: ['ok', `call me on ${PHONE}`] }, "first name": 'Ana' } };
      const res = await gate(id, 'lookup', { step_input: input, tool_context: { tool_name: 'crm.lookup', tool_input: { card: CARD, count: 3 } } });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ decision: 'allow', redacted: true, policy_ids: ['mask-pii'] });
      expect(body.redacted_fields.sort()).toEqual(['$.step_input.ticket.customer.email', '$.step_input.ticket.customer.notes[1]', '$.tool_context.tool_input.card'].sort());
      expect(body.redacted_input).toEqual({ ticket: { customer: { email: '[REDACTED:email]', notes: ['ok', 'call me on [REDACTED:phone]'] }, 'first name': 'Ana' } });
      expect(body.redacted_tool_input).toEqual({ card: '[REDACTED:credit_card]', count: 3 });
      expect(body.redactions).toEqual(
        expect.arrayContaining([
          { field: 'input', path: '$.ticket.customer.email', type: 'email', policy_id: 'mask-pii' },
          { field: 'tool_input', path: '$.card', type: 'credit_card', policy_id: 'mask-pii' },
        ]),
      );

      // A retried gate with the same input answers from the record and stores nothing raw either.
      const retried = await gate(id, 'lookup', { step_input: input, tool_context: { tool_name: 'crm.lookup', tool_input: { card: CARD, count: 3 } } });
      expect(retried.json()).toMatchObject({ decision_source: 'cached', redacted: true, redacted_input: body.redacted_input });

      const done = await app.inject({ method: 'POST', url: `/api/v1/workflows/${id}/steps/lookup/complete`, payload: { output: { reply: `Sent to ${EMAIL}`, items: [{ ip: '203.0.113.9' }] } } });
      expect(done.statusCode).toBe(204);
      const [step] = await app.store.listSteps(SCOPE, id);
      expect(step!.output).toEqual({ reply: 'Sent to [REDACTED:email]', items: [{ ip: '[REDACTED:ipv4]' }] });
      expect(step!.redactions.filter((r) => r.field === 'output').map((r) => [r.path, r.type])).toEqual([
        ['$.reply', 'email'],
        ['$.items[0].ip', 'ipv4'],
      ]);
      const stored = await everything(id);
      for (const raw of [EMAIL, PHONE, CARD, '203.0.113.9']) expect(stored).not.toContain(raw);

      const snapshot = (await app.inject({ method: 'GET', url: `/api/v1/executions/${id}/steps/0` })).json();
      expect(snapshot.redactions.map((r: { field: string }) => r.field)).toEqual(['input', 'input', 'tool_input', 'output', 'output']);
    });

    it('masks only the kinds the policy selects, answers without the masked input unless asked, and masks a blocked step too', async () => {
      const id = await workflow('quiet');
      const res = await gate(id, 'call', { step_input: { auth: `Bearer ${KEY}`, contact: EMAIL } });
      const body = res.json();
      expect(body).toMatchObject({ decision: 'block', reason: 'no keys', redacted: true, redacted_fields: ['$.step_input.auth'] });
      expect(body.redacted_input).toBeUndefined();
      const [step] = await app.store.listSteps(SCOPE, id);
      expect(step!.input).toEqual({ auth: 'Bearer [REDACTED:api_key]', contact: EMAIL });
      expect(await everything(id)).not.toContain(KEY);
    });

    it('leaves input alone when no redact policy matches', async () => {
      const id = await workflow('support');
      const res = await gate(id, 'plain', { step_input: { question: 'where is my parcel?' } });
      expect(res.json()).toMatchObject({ decision: 'allow', redacted: false, redacted_fields: [] });
      const [step] = await app.store.listSteps(SCOPE, id);
      expect(step!.input).toEqual({ question: 'where is my parcel?' });
      expect(step!.redact).toBeUndefined();
    });
  });
}
