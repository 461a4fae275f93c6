import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { type RunningApi, serveApi } from '../../src/api/serve.js';
import { createEventSocket, type EventSocket } from '../../src/api/ws/event-socket.js';
import { auditLogs, rolePermissions, userRoles } from '../../src/db/schema/index.js';
import { connectSocket } from '../executions/helpers.js';
import type { TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';
import { createTrigger, createTriggersApp, ECHO_DEFINITION, nowSeconds, sign } from './helpers.js';

let t: TestApp;
let events: EventSocket;
let server: RunningApi;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  t = await createTriggersApp();
  await t.startWorker();
  events = await createEventSocket(t.deps, { databaseUrl: t.testDatabase.url });
  server = await serveApi(t.app, '127.0.0.1', 0, { onUpgrade: events.handleUpgrade });
});
afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await events?.close();
  await server?.close();
  await t?.close();
});

async function setup(label: string) {
  const account = await registerAccount(t.app, label);
  const workflowId = await seedPublishedWorkflow(t, account, ECHO_DEFINITION);
  return { account, workflowId };
}

const fire = (account: Account, id: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  call(t.app, 'POST', `/api/v1/triggers/${id}/fire`, { token: account.token, body, headers });

describe('trigger routes', () => {
  it('serves the fixed paths before /triggers/{id}', async () => {
    const { account, workflowId } = await setup('static-routes');
    const types = await call<{ items: { type: string; config_schema: Record<string, unknown> }[] }>(
      t.app,
      'GET',
      '/api/v1/triggers/types',
      { token: account.token },
    );
    expect(types.status).toBe(200);
    expect(types.body.items.map((i) => i.type)).toEqual(['webhook', 'schedule', 'event', 'manual']);
    const webhookType = types.body.items.find((i) => i.type === 'webhook');
    expect(webhookType?.config_schema).toMatchObject({
      type: 'object',
      properties: { max_body_bytes: { maximum: 1024 * 1024, default: 256 * 1024 }, tolerance_seconds: {} },
    });
    expect(types.body.items.find((i) => i.type === 'event')?.config_schema).toMatchObject({
      required: ['source_workflow_id', 'on'],
    });

    expect(
      (await call(t.app, 'GET', '/api/v1/triggers/manager/status', { token: account.token })).status,
    ).toBe(200);
    const tested = await call(t.app, 'POST', '/api/v1/triggers/test', {
      token: account.token,
      body: { type: 'manual', workflow_id: workflowId },
    });
    expect(tested.body).toEqual({ valid: true, errors: [] });
    // A webhook path that happens to read "types" is still a webhook path.
    const webhook = await call(t.app, 'POST', '/api/v1/triggers/webhooks/types', { body: {} });
    expect(webhook.status).toBe(401);
  });

  it('creates, reads, lists, updates and deletes triggers, with audit rows', async () => {
    const { account, workflowId } = await setup('crud');
    const created = await call<Record<string, unknown>>(t.app, 'POST', '/api/v1/triggers', {
      token: account.token,
      body: {
        name: 'by hand',
        type: 'manual',
        workflow_id: workflowId,
        mappings: { customer: 'payload.who' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^trg_/),
      type: 'manual',
      enabled: true,
      config: {},
      webhook: null,
      fire_count: 0,
      created_by: account.userId,
    });
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`/api/v1/triggers/${id}`);
    const webhook = await createTrigger(t, account, {
      name: 'hook',
      type: 'webhook',
      workflow_id: workflowId,
    });
    expect(webhook.config).toEqual({ max_body_bytes: 256 * 1024, tolerance_seconds: 300 });

    const read = await call(t.app, 'GET', `/api/v1/triggers/${id}`, { token: account.token });
    expect(read.body).toEqual(created.body);
    const list = (query: string) =>
      call<{ items: { id: string }[]; total: number }>(t.app, 'GET', `/api/v1/triggers${query}`, {
        token: account.token,
      });
    expect((await list('')).body.total).toBe(2);
    expect((await list('?type=webhook')).body.items.map((i) => i.id)).toEqual([webhook.id]);
    expect((await list('?enabled=false')).body.total).toBe(0);
    expect((await list(`?workflow_id=${workflowId}&page_size=1`)).body).toMatchObject({
      total: 2,
      page_size: 1,
    });

    const updated = await call(t.app, 'PUT', `/api/v1/triggers/${id}`, {
      token: account.token,
      body: { name: 'renamed', mappings: { amount: 'payload.n' }, enabled: false },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: 'renamed',
      mappings: { amount: 'payload.n' },
      enabled: false,
    });
    const invalid = await call(t.app, 'PUT', `/api/v1/triggers/${id}`, {
      token: account.token,
      body: { mappings: { nope: 'payload.x', customer: 'payload.(' }, config: { surprise: 1 } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'mappings.nope', code: 'unknown_variable' }),
        expect.objectContaining({ path: 'mappings.customer', code: 'invalid_expression' }),
        expect.objectContaining({ path: 'config', code: 'unrecognized_keys' }),
      ]),
    );
    const typeChange = await call(t.app, 'PUT', `/api/v1/triggers/${id}`, {
      token: account.token,
      body: { type: 'webhook' },
    });
    expect(typeChange.status).toBe(400);

    const stranger = await registerAccount(t.app, 'crud-stranger');
    expect((await call(t.app, 'GET', `/api/v1/triggers/${id}`, { token: stranger.token })).status).toBe(404);
    const foreignWorkflow = await call(t.app, 'POST', '/api/v1/triggers', {
      token: stranger.token,
      body: { name: 'theft', type: 'manual', workflow_id: workflowId },
    });
    expect(foreignWorkflow.status).toBe(400);
    expect(foreignWorkflow.body.errors).toEqual([
      expect.objectContaining({ path: 'workflow_id', code: 'not_found' }),
    ]);

    expect((await call(t.app, 'DELETE', `/api/v1/triggers/${id}`, { token: account.token })).status).toBe(
      204,
    );
    expect((await call(t.app, 'GET', `/api/v1/triggers/${id}`, { token: account.token })).status).toBe(404);
    expect((await list('')).body.total).toBe(1);

    const audit = await t.deps.database.db
      .select({ action: auditLogs.action })
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, account.orgId), eq(auditLogs.resourceId, id)));
    expect(audit.map((a) => a.action).sort()).toEqual(['trigger.create', 'trigger.delete', 'trigger.update']);
  });

  it('fires by hand: trigger mappings, else the workflow mappings, else the payload fields', async () => {
    const { account, workflowId } = await setup('manual-fire');
    const mapped = await createTrigger(t, account, {
      name: 'mapped',
      type: 'manual',
      workflow_id: workflowId,
      mappings: { customer: '$uppercase(payload.who)', amount: 'payload.n * 2' },
    });
    const fired = await fire(account, mapped.id, { payload: { who: 'ada', n: 21 } });
    expect(fired.status).toBe(202);
    expect(fired.body).toMatchObject({
      id: expect.stringMatching(/^exe_/),
      trigger: 'manual',
      status: 'running',
      input: { customer: 'ADA', amount: 42 },
      started_by: account.userId,
      created: true,
    });
    expect(fired.headers.get('location')).toBe(`/api/v1/executions/${fired.body.id}`);
    expect((await waitForOutcome(t, fired.body.id as string)).output).toEqual({
      customer: 'ADA',
      amount: 42,
    });

    const plain = await createTrigger(t, account, { name: 'plain', type: 'manual', workflow_id: workflowId });
    const passthrough = await fire(account, plain.id, { payload: { customer: 'bob', stray: true } });
    expect(passthrough.body.input).toEqual({ customer: 'bob', amount: 0 });

    const mappings = await call(t.app, 'PUT', `/api/v1/workflow-variables/${workflowId}/variables/mappings`, {
      token: account.token,
      body: { mappings: { customer: 'payload.person.name' } },
    });
    expect(mappings.status).toBe(200);
    const viaWorkflow = await fire(account, plain.id, {
      payload: { person: { name: 'cy' }, customer: 'ignored' },
    });
    expect(viaWorkflow.body.input).toEqual({ customer: 'cy', amount: 0 });

    const again = await fire(
      account,
      mapped.id,
      { payload: { who: 'x', n: 1 } },
      { 'idempotency-key': 'k-1' },
    );
    const repeat = await fire(
      account,
      mapped.id,
      { payload: { who: 'y', n: 2 } },
      { 'idempotency-key': 'k-1' },
    );
    expect(repeat.body).toMatchObject({ id: again.body.id, created: false, input: { customer: 'X' } });
    const read = await call(t.app, 'GET', `/api/v1/triggers/${mapped.id}`, { token: account.token });
    expect(read.body).toMatchObject({ fire_count: 2, last_error: null });
  });

  it('refuses to fire disabled triggers, bad input (recorded as last_error) and callers without triggers:fire', async () => {
    const { account, workflowId } = await setup('fire-refusals');
    const trigger = await createTrigger(t, account, { name: 'x', type: 'manual', workflow_id: workflowId });
    const invalid = await fire(account, trigger.id, { payload: { customer: 42 } });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({
      code: 'trigger_input_invalid',
      errors: [expect.objectContaining({ path: 'input.customer' })],
    });
    const failing = await createTrigger(t, account, {
      name: 'bad mapping',
      type: 'manual',
      workflow_id: workflowId,
      mappings: { customer: '$error("no customer")' },
    });
    const mappingFailed = await fire(account, failing.id, { payload: {} });
    expect(mappingFailed.status).toBe(422);
    expect(mappingFailed.body.code).toBe('trigger_mapping_failed');
    // A hostile mapping meets its bound on the API thread and names it; the API keeps serving.
    const spinning = await createTrigger(t, account, {
      name: 'spinning mapping',
      type: 'manual',
      workflow_id: workflowId,
      mappings: { customer: '($f := function($n){ $f($n + 1) }; $f(0))' },
    });
    const limited = await fire(account, spinning.id, { payload: {} });
    expect(limited.status).toBe(422);
    expect(limited.body).toMatchObject({
      code: 'trigger_mapping_failed',
      errors: [expect.objectContaining({ path: 'mappings.customer', code: 'expression_limit' })],
    });
    expect(
      (await call(t.app, 'GET', `/api/v1/triggers/${trigger.id}`, { token: account.token })).body,
    ).toMatchObject({
      fire_count: 0,
      last_fired_at: null,
      last_error: { code: 'trigger_input_invalid' },
    });

    await call(t.app, 'POST', `/api/v1/triggers/${trigger.id}/toggle`, {
      token: account.token,
      body: { enabled: false },
    });
    const disabled = await fire(account, trigger.id, { payload: { customer: 'a' } });
    expect(disabled.status).toBe(409);
    expect(disabled.body.code).toBe('trigger_disabled');

    const db = t.deps.database.db;
    const [role] = await db.select().from(userRoles).where(eq(userRoles.userId, account.userId));
    await db
      .delete(rolePermissions)
      .where(
        and(
          eq(rolePermissions.roleId, role?.roleId ?? ''),
          eq(rolePermissions.permissionKey, 'triggers:fire'),
        ),
      );
    const forbidden = await fire(account, trigger.id, { payload: { customer: 'a' } });
    expect(forbidden.status).toBe(403);
  });

  it('announces every firing as trigger.fired on the WebSocket, webhooks over real HTTP included', async () => {
    const { account, workflowId } = await setup('fired-events');
    const client = connectSocket(`${server.url.replace(/^http/, 'ws')}/ws?token=${account.token}`);
    sockets.push(client.ws);
    await client.opened;

    const manual = await createTrigger(t, account, { name: 'm', type: 'manual', workflow_id: workflowId });
    const fired = await fire(account, manual.id, { payload: { customer: 'ada' } });
    const event = await client.waitFor((m) => m.type === 'trigger.fired' && m.data.trigger_id === manual.id);
    expect(event.data).toEqual({
      trigger_id: manual.id,
      type: 'manual',
      workflow_id: workflowId,
      execution_id: fired.body.id,
      at: expect.any(String),
    });
    await fire(account, manual.id, { payload: {} });
    const refused = await client.waitFor(
      (m) => m.type === 'trigger.fired' && m.data.trigger_id === manual.id && m.data.execution_id === null,
    );
    expect(refused.data.error).toMatchObject({ code: 'trigger_input_invalid' });

    const hook = await createTrigger(t, account, { name: 'h', type: 'webhook', workflow_id: workflowId });
    const body = '{ "customer" : "over the wire" }';
    const id = 'msg_http_1';
    const timestamp = nowSeconds();
    const response = await fetch(`${server.url}${hook.webhook?.url_path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': `v1,bm90IGl0 ${sign(hook.webhook?.secret as string, id, timestamp, body)}`,
      },
      body,
    });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { execution_id: string };
    const hookEvent = await client.waitFor(
      (m) => m.type === 'trigger.fired' && m.data.trigger_id === hook.id,
    );
    expect(hookEvent.data).toMatchObject({ type: 'webhook', execution_id: accepted.execution_id });
    expect((await waitForOutcome(t, accepted.execution_id)).input).toEqual({
      customer: 'over the wire',
      amount: 0,
    });
  });

  it('reports counts by type and state, the last firing and the last error', async () => {
    const { account, workflowId } = await setup('manager-status');
    const status = () =>
      call<Record<string, unknown>>(t.app, 'GET', '/api/v1/triggers/manager/status', {
        token: account.token,
      });
    expect((await status()).body).toMatchObject({
      totals: { enabled: 0, disabled: 0, total: 0, fire_count: 0 },
      last_fired: null,
      last_error: null,
    });
    const other = await seedPublishedWorkflow(t, account, ECHO_DEFINITION);
    await createTrigger(t, account, { name: 'w1', type: 'webhook', workflow_id: workflowId });
    await createTrigger(t, account, { name: 'w2', type: 'webhook', workflow_id: workflowId, enabled: false });
    const manual = await createTrigger(t, account, { name: 'm', type: 'manual', workflow_id: workflowId });
    await createTrigger(t, account, {
      name: 'e',
      type: 'event',
      workflow_id: other,
      config: { source_workflow_id: workflowId, on: ['execution.failed'] },
    });
    const ok = await fire(account, manual.id, { payload: { customer: 'a' } });
    await fire(account, manual.id, { payload: { customer: 1 } });

    const body = (await status()).body;
    expect(body).toEqual({
      totals: { enabled: 3, disabled: 1, total: 4, fire_count: 1 },
      by_type: {
        webhook: { enabled: 1, disabled: 1, total: 2 },
        schedule: { enabled: 0, disabled: 0, total: 0 },
        event: { enabled: 1, disabled: 0, total: 1 },
        manual: { enabled: 1, disabled: 0, total: 1 },
      },
      last_fired: { trigger_id: manual.id, at: expect.any(String) },
      last_error: {
        trigger_id: manual.id,
        code: 'trigger_input_invalid',
        message: expect.any(String),
        at: expect.any(String),
      },
    });
    expect(ok.status).toBe(202);
  });

  it('tests a configuration without saving it and previews the mapped input', async () => {
    const { account, workflowId } = await setup('test-endpoint');
    const test = (body: Record<string, unknown>) =>
      call<Record<string, unknown>>(t.app, 'POST', '/api/v1/triggers/test', { token: account.token, body });
    const preview = await test({
      type: 'webhook',
      workflow_id: workflowId,
      config: { tolerance_seconds: 60 },
      mappings: { customer: 'payload.buyer & " via " & headers."x-shop"' },
      payload: { buyer: 'ada' },
      headers: { 'x-shop': 'north' },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      valid: true,
      errors: [],
      preview: { input: { customer: 'ada via north', amount: 0 }, input_valid: true, input_errors: [] },
    });
    const wrongInput = await test({ type: 'manual', workflow_id: workflowId, payload: { amount: 'lots' } });
    expect(wrongInput.body).toMatchObject({
      valid: true,
      preview: {
        input_valid: false,
        input_errors: expect.arrayContaining([expect.objectContaining({ path: 'input.customer' })]),
      },
    });
    const invalid = await test({
      type: 'schedule',
      workflow_id: 'wf_missing',
      config: { cron: '* * * * *', interval: '5m' },
      mappings: { customer: '((' },
      payload: {},
    });
    expect(invalid.body).toMatchObject({ valid: false });
    expect(invalid.body.preview).toBeUndefined();
    expect((invalid.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'config.cron',
      'mappings.customer',
      'workflow_id',
    ]);
    expect((await call(t.app, 'GET', '/api/v1/triggers', { token: account.token })).body).toMatchObject({
      total: 0,
    });
  });
});
