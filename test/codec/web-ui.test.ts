// The whole path a person takes: the dev server's Web UI, pointed at our codec by
// --ui-codec-endpoint, shows a run's decrypted input in a real browser once the user opened a
// codec session link and turned on "include cross-origin credentials"; the server itself (its
// history, its SQLite file) never holds the secret, and another organization's user sees only
// ciphertext.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, serveApi } from '../../src/api/serve.js';
import { resolveTemporalCli } from '../../src/temporal/cli-path.js';
import { loadTemporalDevConfig } from '../../src/temporal/dev-config.js';
import { type DevServer, startDevServer } from '../../src/temporal/dev-server.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, registerAccount } from '../harness/http.js';
import { plantedSecret, runHoldingSecret } from './payloads.js';

const CHROMIUM = '/usr/bin/chromium';
const DATABASE_FILE = 'temporal/web-ui.sqlite';
const secret = plantedSecret();
let scratch: string;
let cliPath: string;
let server: DevServer;
let t: TestApp;
let api: RunningApi;
let browser: Browser;
let owner: Account;
let stranger: Account;
let executionId: string;
let uiOrigin: string;
let codecEndpoint: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'conveyor-web-ui-'));
  cliPath = await resolveTemporalCli();
  // The API's port first: the dev server is told where the codec is when it starts.
  const apiPort = await freePort();
  codecEndpoint = `http://127.0.0.1:${apiPort}/api/v1/codec`;
  server = await startDevServer({
    cliPath,
    config: { ...loadTemporalDevConfig(), database_file: DATABASE_FILE, codec_endpoint: codecEndpoint },
    dataDir: scratch,
    ports: { frontend: 0, ui: 0, metrics: 0, http: 0 },
    logFile: join(scratch, 'temporal.log'),
  });
  uiOrigin = server.uiUrl as string;
  t = await createTestApp({ TEMPORAL_UI_ORIGINS: uiOrigin }, { ownTemporal: server });
  api = await serveApi(t.app, '127.0.0.1', apiPort);
  await t.startWorker();
  owner = await registerAccount(t.app, 'web-ui-owner');
  stranger = await registerAccount(t.app, 'web-ui-stranger');
  executionId = await runHoldingSecret(t, owner, secret);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await t?.close();
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A browser of its own for `account`: the session link, then the UI's codec settings, as a person does. */
async function uiSessionFor(account: Account) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const answer = await fetch(`${codecEndpoint}/session`, {
    method: 'POST',
    headers: { authorization: `Bearer ${account.token}` },
  });
  expect(answer.status).toBe(201);
  const link = (await answer.json()) as { url: string };
  // The link is the API's own address: opening it sets the cookie and lands on the Web UI.
  expect(link.url.startsWith(`${codecEndpoint}/session/`)).toBe(true);
  await page.goto(link.url);
  expect(new URL(page.url()).origin).toBe(uiOrigin);
  // Cookies ignore ports: the UI's own (path /) are here too.
  const cookies = (await context.cookies(codecEndpoint)).filter((c) => c.name.startsWith('conveyor'));
  expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite, c.path])).toEqual([
    ['conveyor_codec_session', true, 'Lax', '/api/v1/codec'],
  ]);
  // The codec settings dialog's "Use my browser setting", endpoint and "Include cross-origin
  // credentials" are these persisted stores (ui-server v2.42.1: chunks/BK31YXL3.js), as JSON.
  await page.evaluate(`
    localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
    localStorage.setItem('endpoint', ${JSON.stringify(JSON.stringify(codecEndpoint))});
    localStorage.setItem('passAccessToken', 'false');
    localStorage.setItem('includeCredentials', 'true');
  `);
  return { context, page };
}

async function openRun(page: Page) {
  const { runId } = await t.deps.temporal.client.workflow.getHandle(executionId).describe();
  const decodes = page.waitForResponse(
    (r) => r.url() === `${codecEndpoint}/decode` && r.request().method() === 'POST',
  );
  await page.goto(`${uiOrigin}/namespaces/${server.namespace}/workflows/${executionId}/${runId}/history`);
  return decodes;
}

describe('the Temporal Web UI with the codec', () => {
  it("shows the run's decrypted input to its organization's user", async () => {
    const { context, page } = await uiSessionFor(owner);
    try {
      const decoded = await openRun(page);
      expect((await decoded).status()).toBe(200);
      await waitForText(page, secret);
    } finally {
      await context.close();
    }
  });

  it("shows another organization's user only the ciphertext", async () => {
    const { context, page } = await uiSessionFor(stranger);
    try {
      const decoded = await openRun(page);
      const response = await decoded;
      expect(response.status()).toBe(200);
      expect(await response.text()).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
      // The page shows the run (its id), still encrypted, and never the secret.
      await waitForText(page, executionId);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate<string>('document.body.innerText')).not.toContain(secret);
    } finally {
      await context.close();
    }
  });

  it('leaves no trace of the secret in the raw history or the dev server database file', async () => {
    const { stdout } = await promisify(execFile)(cliPath, [
      'workflow',
      'show',
      '--address',
      server.address,
      '--namespace',
      server.namespace,
      '-w',
      executionId,
      '--output',
      'json',
    ]);
    expect(stdout).toContain('YmluYXJ5L2VuY3J5cHRlZA=='); // "binary/encrypted"
    expect(stdout).not.toContain(secret);
    expect(stdout).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));

    const file = join(scratch, DATABASE_FILE);
    const bytes = [file, `${file}-wal`].map((path) => {
      try {
        return readFileSync(path);
      } catch {
        return Buffer.alloc(0);
      }
    });
    const all = Buffer.concat(bytes);
    // The right file: it holds the run (its id is in the visibility records).
    expect(all.includes(Buffer.from(executionId))).toBe(true);
    expect(all.includes(Buffer.from(secret))).toBe(false);
  });
});

/**
 * Polls the page's visible text: the UI's CSP forbids the string evaluation waitForFunction needs,
 * and this file is compiled without the DOM's types.
 */
async function waitForText(page: Page, text: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let shown = '';
  while (Date.now() < deadline) {
    shown = await page.evaluate<string>('document.body.innerText');
    if (shown.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the page never showed ${text}; it shows:\n${shown.slice(0, 2000)}`);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
