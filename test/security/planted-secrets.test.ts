import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';

/**
 * Credential values planted through the API, used by runs, echoed back by a server and quoted in
 * a failure, then looked for everywhere Conveyor keeps or shows anything: API answers (the audited
 * decrypt read aside), the run's history, every table of the database (the sealed columns aside),
 * exports and logs. Temporal's own storage is checked by the codec's Web UI test.
 */
const PLANTED = {
  apiKey: 'planted-everywhere-apikey-4b1d',
  password: 'planted-everywhere-password-93c0',
  token: 'planted-everywhere-token-e812',
  json: 'planted-everywhere-json-27aa',
  replaced: 'planted-everywhere-replaced-61f5',
};
const plantedValues = Object.values(PLANTED);

let t: TestApp;
let api: StandIn;
let account: Account;
const logLines: string[] = [];
const answers: string[] = [];
beforeAll(async () => {
  t = await createTestApp({}, { logLines });
  await t.startWorker();
  api = await startHttpStandIn();
  account = await registerAccount(t.app, 'planted');
  api.on('/echo', (req) => ({ status: 200, body: { headers: req.headers } }));
  api.on('/broken', (req) => ({ status: 400, body: { error: 'bad request', you_sent: req.headers } }));
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

async function recorded<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
  const response = await call<T>(t.app, method, path, { token: account.token, body });
  answers.push(JSON.stringify(response.body));
  return response;
}

function expectNoPlanted(text: string, where: string) {
  for (const value of plantedValues) expect(text.includes(value), `${value} in ${where}`).toBe(false);
}

describe('planted credential values', () => {
  it('appear only in the decrypt read, and nowhere else Conveyor keeps or shows anything', async () => {
    const created = await Promise.all([
      recorded<{ id: string }>('POST', '/api/v1/credentials', {
        name: 'p-key',
        type: 'api_key',
        value: { key: PLANTED.apiKey, placement: 'header', name: 'X-Api-Key' },
      }),
      recorded<{ id: string }>('POST', '/api/v1/credentials', {
        name: 'p-basic',
        type: 'basic_auth',
        value: { username: 'ops', password: PLANTED.password },
      }),
      recorded<{ id: string }>('POST', '/api/v1/credentials', {
        name: 'p-bearer',
        type: 'bearer_token',
        value: { token: PLANTED.token },
      }),
      recorded<{ id: string }>('POST', '/api/v1/credentials', {
        name: 'p-json',
        type: 'json',
        value: { value: { nested: [PLANTED.json] } },
      }),
    ]);
    for (const response of created) expect(response.status).toBe(201);
    const [key, basic, bearer, json] = created.map((r) => r.body.id);

    await recorded('GET', '/api/v1/credentials');
    for (const id of [key, basic, bearer, json]) await recorded('GET', `/api/v1/credentials/${id}`);
    expect(
      (
        await recorded('PUT', `/api/v1/credentials/${bearer}`, {
          name: 'p-bearer',
          type: 'bearer_token',
          value: { token: PLANTED.replaced },
        })
      ).status,
    ).toBe(200);
    expect((await recorded('DELETE', `/api/v1/credentials/${json}`)).status).toBe(204);

    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [
        { id: 'key', type: 'http', config: { url: `${api.url}/echo`, auth: { credential: 'p-key' } } },
        { id: 'basic', type: 'http', config: { url: `${api.url}/echo`, auth: { credential: 'p-basic' } } },
        { id: 'bearer', type: 'http', config: { url: `${api.url}/echo`, auth: { credential: 'p-bearer' } } },
        // Fails with the server's body, which quotes the key back.
        {
          id: 'broken',
          type: 'http',
          config: { url: `${api.url}/broken`, auth: { credential: 'p-key' } },
          retry: { max_attempts: 1 },
        },
      ],
    });
    const execution = await launch(t, account, workflowId);
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('failed');
    // The server did receive them: what is checked below is what Conveyor kept.
    expect(api.requests.map((r) => r.headers['x-api-key'])).toContain(PLANTED.apiKey);
    expect(api.requests.map((r) => r.headers.authorization)).toContain(`Bearer ${PLANTED.replaced}`);

    await recorded('GET', `/api/v1/executions/${execution.id}`);
    await recorded('GET', `/api/v1/executions/${execution.id}/logs`);
    const exported = await call(t.app, 'GET', '/api/v1/export/executions?format=json', {
      token: account.token,
    });
    expect(exported.status).toBe(200);
    answers.push(JSON.stringify(exported.body));

    for (const [index, answer] of answers.entries())
      expectNoPlanted(answer, `API answer ${index}: ${answer.slice(0, 200)}`);

    const history = await t.deps.temporal.client.workflow.getHandle(execution.id).fetchHistory();
    expectNoPlanted(JSON.stringify(history), 'the run history');

    expectNoPlanted(await everyTableAsText(), 'the database');
    expectNoPlanted(logLines.join('\n'), 'the logs');
    expect(logLines.length).toBeGreaterThan(0);

    // The one exception, audited: the decrypt read.
    const revealed = await call<{ value: { key: string } }>(
      t.app,
      'GET',
      `/api/v1/credentials/${key}?decrypt=true`,
      { token: account.token },
    );
    expect(revealed.body.value.key).toBe(PLANTED.apiKey);
    const audit = await t.deps.database.db.execute(
      sql`select count(*)::int as n from audit_logs where action = 'credential.decrypt' and resource_id = ${key}`,
    );
    expect(rowsOf<{ n: number }>(audit)[0]?.n).toBe(1);
    expectNoPlanted(await everyTableAsText(), 'the database after the decrypt read');
  });
});

/** Every row of every table as text, with the credentials' sealed columns left out. */
async function everyTableAsText(): Promise<string> {
  const tables = await t.deps.database.db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const names = rowsOf<{ table_name: string }>(tables).map((r) => r.table_name);
  expect(names).toContain('credentials');
  let text = '';
  for (const name of names) {
    const rows = await t.deps.database.db.execute(
      sql.raw(
        `select coalesce(json_agg(to_jsonb(t) - 'wrapped_key' - 'ciphertext' - 'code_verifier_ciphertext')::text, '') as dump from "${name}" t`,
      ),
    );
    text += rowsOf<{ dump: string }>(rows)[0]?.dump ?? '';
  }
  return text;
}

function rowsOf<T>(result: unknown): T[] {
  // postgres-js answers an array of rows; PGlite an object with `rows`.
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
